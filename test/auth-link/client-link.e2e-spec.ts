import { Customer } from '../../src/modules/crm/customers/customer.entity';
import { TestUser } from '../support/factories';
import { api, LinkKit, menuOf, openLink, say, startLinkKit, telegramPerson, WAIT } from './link-test-kit';

// Clients link their Telegram (themselves, or through a link staff hand them), and staff write to them.
describe('linking a client and writing to them', () => {
  let kit: LinkKit;
  let vendor: TestUser;
  let employee: TestUser;

  beforeAll(async () => {
    kit = await startLinkKit('client_link_bot');
    vendor = await kit.factory.user({ role: 'vendor', name: 'Vera Vendor' });
    employee = await kit.factory.user({
      role: 'employee',
      organizationId: vendor.organizationId,
      name: 'Emil Employee',
    });
  });
  afterAll(() => kit.close());

  const org = (): string => vendor.organizationId;
  const newClient = (name: string): Promise<Customer> => kit.factory.customer({ organizationId: org(), name });

  it('a client links themselves: generate → /start → connected, signed in → disconnect → disconnected', async () => {
    const client = await newClient('Carla & Co');
    const carla = await kit.factory.user({
      role: 'customer',
      organizationId: org(),
      customerId: client.id,
      name: 'Carla',
    });

    const link = (await api(kit, carla, 'POST', '/api/telegram/client/generate-link')).body;
    expect(link.url).toBe(`https://t.me/client_link_bot?start=${link.token}`);
    const person = await telegramPerson(kit, 'Carla', 'carla_tg');
    expect(await openLink(person, link.token)).toContain(
      'Hi Carla! This Telegram account is now linked to your CRM account (customer',
    );

    const status = (await api(kit, carla, 'GET', '/api/telegram/client/status')).body;
    expect(status).toMatchObject({ connected: true, telegramUsername: 'carla_tg', enabled: true });
    // Staff see the same link.
    expect((await api(kit, employee, 'GET', `/api/telegram/client/${client.id}/status`)).body.connected).toBe(true);
    const me = await say(person, '/me');
    expect(me).toContain('Carla');
    expect(me).toContain('Role: customer');
    expect(menuOf(await person.chat.commands(person.user))).toEqual([
      'tickets',
      'invoices',
      'me',
      'clear',
      'logout',
      'help',
    ]);

    expect((await api(kit, carla, 'POST', '/api/telegram/client/disconnect')).body.connected).toBe(false);
    expect((await api(kit, carla, 'GET', '/api/telegram/client/status')).body).toEqual({
      connected: false,
      telegramUsername: null,
      linkedAt: null,
      enabled: false,
    });
    expect((await person.chat.nextBotMessage(WAIT)).text).toBe(
      'This Telegram account is no longer linked to Carla & Co in the CRM, and is signed out here.',
    );
    expect(await say(person, '/me')).toContain('You are not signed in');
  });

  it('staff hand a client a link: the chat is linked for messages, without anyone signed in', async () => {
    const client = await newClient('Dora Designs');
    const link = (await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/generate-link`)).body;
    const dora = await telegramPerson(kit, 'Dora');
    expect(await openLink(dora, link.token)).toBe(
      `Hi Dora! This chat is now linked to Dora Designs at ${await orgName()}: their messages to you will arrive here.`,
    );
    expect((await api(kit, vendor, 'GET', `/api/telegram/client/${client.id}/status`)).body.connected).toBe(true);
    expect(await say(dora, '/me')).toContain('You are not signed in');

    // /logout from the client's chat ends the link.
    expect(await say(dora, '/logout')).toContain('Signed out');
    expect((await api(kit, vendor, 'GET', `/api/telegram/client/${client.id}/status`)).body.connected).toBe(false);
  });

  it('delivers a staff message to a linked client and answers its message id', async () => {
    const client = await newClient('Eve Electronics');
    const link = (await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/generate-link`)).body;
    const eve = await telegramPerson(kit, 'Eve');
    await openLink(eve, link.token);

    const sent = await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/send-message`, {
      text: 'Your order <#42> shipped today.',
      buttons: [{ text: 'Track it', url: 'https://example.com/track/42' }],
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      notificationId: expect.any(String),
      status: 'sent',
      messageId: expect.any(Number),
      messageIds: [sent.body.messageId],
    });
    const message = await eve.chat.nextBotMessage(WAIT);
    expect(message.message_id).toBe(sent.body.messageId);
    expect(message.text).toBe(`Emil Employee · ${await orgName()}\n\nYour order <#42> shipped today.`);
    expect(message.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Track it', url: 'https://example.com/track/42' }]],
    });
  });

  it('answers 202 with the notification when Telegram holds the chat, delivers it later, and sends a key once', async () => {
    const client = await newClient('Hugo Hats');
    const link = (await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/generate-link`)).body;
    const hugo = await telegramPerson(kit, 'Hugo');
    await openLink(hugo, link.token);
    // Telegram asks for 12 s of quiet for this chat: the request does not wait that long.
    await kit.client.injectFault({ chatId: hugo.chat.id, kind: '429', retryAfter: 12 });
    const body = { text: 'Your hat is ready.', idempotencyKey: 'hat-ready-1' };
    const queued = await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/send-message`, body);
    expect([queued.status, queued.body.status]).toEqual([202, 'pending']);
    const message = await hugo.chat.nextBotMessage({ timeoutMs: 30_000 });
    expect(message.text).toContain('Your hat is ready.');
    // Telegram's answer is recorded a moment after the message shows in the chat.
    let row = await api(kit, employee, 'GET', `/api/notifications/${queued.body.notificationId}`);
    for (let i = 0; i < 50 && row.body.status !== 'sent'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = await api(kit, employee, 'GET', `/api/notifications/${queued.body.notificationId}`);
    }
    expect(row.body).toMatchObject({ status: 'sent', telegramMessageId: String(message.message_id) });

    // The same key again: nothing new goes out, the first message is answered.
    const again = await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/send-message`, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ notificationId: queued.body.notificationId, messageId: message.message_id });
    await expect(hugo.chat.nextBotMessage({ timeoutMs: 1500 })).rejects.toThrow();
  }, 60_000);

  it('answers 409 CLIENT_NOT_LINKED for a client without Telegram', async () => {
    const client = await newClient('Frank Farms');
    const refused = await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/send-message`, { text: 'Hi' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CLIENT_NOT_LINKED' });
    expect(refused.body.error.message).toContain('Frank Farms has not linked Telegram');
  });

  it('answers 409 CLIENT_BLOCKED_BOT when the client blocked the bot, and marks the link disabled', async () => {
    const client = await newClient('Gina Goods');
    const link = (await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/generate-link`)).body;
    const gina = await telegramPerson(kit, 'Gina');
    await openLink(gina, link.token);
    await gina.chat.blockBot();

    const refused = await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/send-message`, {
      text: 'Are you there?',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'CLIENT_BLOCKED_BOT',
      message: 'Gina Goods blocked the bot on Telegram, so the message was not delivered.',
    });
    expect((await api(kit, employee, 'GET', `/api/telegram/client/${client.id}/status`)).body).toMatchObject({
      connected: true,
      enabled: false,
    });

    // Unblocked, the next message goes through and the link is enabled again.
    await gina.chat.unblockBot();
    const sent = await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/send-message`, {
      text: 'Welcome back',
    });
    expect(sent.status).toBe(200);
    expect((await api(kit, employee, 'GET', `/api/telegram/client/${client.id}/status`)).body.enabled).toBe(true);
  });

  it('keeps clients of another organization out of reach (404) and routes to the right role (403)', async () => {
    const client = await newClient('Hidden Hotel');
    const outsider = await kit.factory.user({ role: 'vendor' });
    for (const [method, path] of [
      ['POST', `/api/telegram/client/${client.id}/generate-link`],
      ['GET', `/api/telegram/client/${client.id}/status`],
      ['POST', `/api/telegram/client/${client.id}/disconnect`],
      ['POST', `/api/telegram/client/${client.id}/send-message`],
    ] as const) {
      const answer = await api(kit, outsider, method, path, method === 'POST' ? { text: 'hello' } : undefined);
      expect([path, answer.status, answer.body.error.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
    const customer = await kit.factory.user({ role: 'customer', organizationId: org(), customerId: client.id });
    const asCustomer = await api(kit, customer, 'POST', `/api/telegram/client/${client.id}/send-message`, {
      text: 'x',
    });
    expect([asCustomer.status, asCustomer.body.error.code]).toEqual([403, 'STAFF_ONLY']);
    const staffWithoutClient = await api(kit, employee, 'POST', '/api/telegram/client/generate-link');
    expect([staffWithoutClient.status, staffWithoutClient.body.error.code]).toEqual([403, 'CLIENT_ONLY']);
  });

  it('checks the message input', async () => {
    const client = await newClient('Ivy Inks');
    const bad = await api(kit, employee, 'POST', `/api/telegram/client/${client.id}/send-message`, {
      text: '',
      buttons: [{ text: 'x', url: 'javascript:alert(1)' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['text', 'buttons.0.url']),
    );
    const badId = await api(kit, employee, 'POST', '/api/telegram/client/not-a-uuid/send-message', { text: 'x' });
    expect([badId.status, badId.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  async function orgName(): Promise<string> {
    return (await api(kit, vendor, 'GET', '/api/auth/me')).body.organization.name;
  }
});
