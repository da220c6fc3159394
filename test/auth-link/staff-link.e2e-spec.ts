import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { TestUser } from '../support/factories';
import { readJson } from '../support/test-app';
import { api, LinkKit, menuOf, openLink, say, startLinkKit, telegramPerson, WAIT } from './link-test-kit';

// A staff user links their Telegram from the CRM: the sandbox plays Telegram, the app polls it.
describe('linking a staff account by deep link', () => {
  let kit: LinkKit;
  let vendor: TestUser;

  beforeAll(async () => {
    kit = await startLinkKit('staff_link_bot');
    vendor = await kit.factory.user({ role: 'vendor', name: 'Vera Vendor' });
  });
  afterAll(() => kit.close());

  it('generate → /start token → connected, signed in → disconnect → disconnected and signed out', async () => {
    const employee = await kit.factory.user({
      role: 'employee',
      organizationId: vendor.organizationId,
      name: 'Emil <Employee>',
    });
    expect(await api(kit, employee, 'GET', '/api/telegram/user/status')).toEqual({
      status: 200,
      body: { connected: false, telegramUsername: null, linkedAt: null, enabled: false },
    });

    const { status, body: link } = await api(kit, employee, 'POST', '/api/telegram/user/generate-link');
    expect(status).toBe(200);
    expect(link.url).toBe(`https://t.me/staff_link_bot?start=${link.token}`);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const ttl = new Date(link.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect(link.qrCodePng).toMatch(/^data:image\/png;base64,/);
    expect(link.qrCodeSvg).toContain('<svg');

    const emil = await telegramPerson(kit, 'Emil', 'emil_tg');
    const greeting = await openLink(emil, link.token);
    expect(greeting).toContain('Hi Emil <Employee>! This Telegram account is now linked to your CRM account (employee');
    expect(greeting).toContain('you are signed in');

    const connected = (await api(kit, employee, 'GET', '/api/telegram/user/status')).body;
    expect(connected).toMatchObject({ connected: true, telegramUsername: 'emil_tg', enabled: true });
    expect(new Date(connected.linkedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const me = await say(emil, '/me');
    expect(me).toContain('Emil <Employee>');
    expect(me).toContain(`Email: ${employee.email}`);
    expect(me).toContain('Role: employee');
    expect(menuOf(await emil.chat.commands(emil.user))).toEqual(['deals', 'tickets', 'me', 'clear', 'logout', 'help']);

    const disconnected = await api(kit, employee, 'POST', '/api/telegram/user/disconnect');
    expect(disconnected).toEqual({
      status: 200,
      body: { connected: false, telegramUsername: null, linkedAt: null, enabled: false },
    });
    // At once, on both sides.
    expect((await api(kit, employee, 'GET', '/api/telegram/user/status')).body.connected).toBe(false);
    expect((await emil.chat.nextBotMessage(WAIT)).text).toContain(
      'is no longer linked to the CRM account of Emil <Employee>',
    );
    expect(await say(emil, '/me')).toContain('You are not signed in');
    expect(menuOf(await emil.chat.commands(emil.user))).toEqual(['start', 'login', 'help']);
  });

  it('/logout in the bot ends the link too', async () => {
    const { body: link } = await api(kit, vendor, 'POST', '/api/telegram/user/generate-link');
    const vera = await telegramPerson(kit, 'Vera');
    expect(await openLink(vera, link.token)).toContain('now linked');
    expect((await api(kit, vendor, 'GET', '/api/telegram/user/status')).body.connected).toBe(true);

    expect(await say(vera, '/logout')).toContain('Signed out');
    expect((await api(kit, vendor, 'GET', '/api/telegram/user/status')).body).toEqual({
      connected: false,
      telegramUsername: null,
      linkedAt: null,
      enabled: false,
    });
  });

  it('/login as someone else in a linked chat ends the link to the previous person', async () => {
    const { body: link } = await api(kit, vendor, 'POST', '/api/telegram/user/generate-link');
    const vic = await telegramPerson(kit, 'Vic');
    expect(await openLink(vic, link.token)).toContain('now linked');
    expect((await api(kit, vendor, 'GET', '/api/telegram/user/status')).body.connected).toBe(true);

    const colleague = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    await vic.chat.sendText(vic.user, `/login ${colleague.email}`);
    await vic.chat.waitForMessage((m) => (m.text ?? '').includes('Send your password'), WAIT);
    await vic.chat.sendText(vic.user, colleague.password);
    await vic.chat.waitForMessage((m) => (m.text ?? '').startsWith('Signed in as'), WAIT);
    expect((await api(kit, vendor, 'GET', '/api/telegram/user/status')).body.connected).toBe(false);
  });

  it('refuses a used token, and a token replaced by a newer link, and changes nothing', async () => {
    const user = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const first = (await api(kit, user, 'POST', '/api/telegram/user/generate-link')).body;
    const second = (await api(kit, user, 'POST', '/api/telegram/user/generate-link')).body;
    const owner = await telegramPerson(kit, 'Owner');
    expect(await openLink(owner, first.token)).toBe(
      'This link is not valid: it was already used, or a newer link replaced it. Create a new one in the CRM.',
    );
    expect((await api(kit, user, 'GET', '/api/telegram/user/status')).body.connected).toBe(false);
    expect(await openLink(owner, second.token)).toContain('now linked');

    // The same token again, from someone else: refused, and the link stays where it is.
    const thief = await telegramPerson(kit, 'Thief');
    expect(await openLink(thief, second.token)).toContain('This link is not valid');
    expect(await say(thief, '/me')).toContain('You are not signed in');
    expect((await api(kit, user, 'GET', '/api/telegram/user/status')).body.connected).toBe(true);
    expect(await say(owner, '/me')).toContain(user.email);
  });

  it('refuses an unknown token', async () => {
    const stranger = await telegramPerson(kit, 'Stranger');
    expect(await openLink(stranger, `u_${'A'.repeat(43)}`)).toContain('This link is not valid');
  });

  it('refuses a token sent in a group, which then no longer works anywhere', async () => {
    const user = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const link = (await api(kit, user, 'POST', '/api/telegram/user/generate-link')).body;
    const owner = await kit.client.createUser({ firstName: 'Group owner' });
    const group = await kit.client.createGroup({ title: 'Sales team', creator: owner });
    await group.addBot(kit.bot, { by: owner });
    await group.sendCommand(owner, 'start', { args: link.token, bot: kit.bot });
    expect((await group.nextBotMessage(WAIT)).text).toBe(
      'For your security, linking works only in a private chat with me. This link can no longer be used: ' +
        'create a new one in the CRM and open it in a private chat.',
    );
    expect((await api(kit, user, 'GET', '/api/telegram/user/status')).body.connected).toBe(false);
    const person = await telegramPerson(kit, 'Later');
    expect(await openLink(person, link.token)).toContain('This link is not valid');
  });

  it('has a QR code that decodes to the link', async () => {
    const link = (await api(kit, vendor, 'POST', '/api/telegram/user/generate-link')).body;
    const png = PNG.sync.read(Buffer.from(link.qrCodePng.replace(/^data:image\/png;base64,/, ''), 'base64'));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(link.url);
  });

  it('answers 403 STAFF_ONLY to a client account and 401 without a token', async () => {
    const customer = await kit.factory.user({ role: 'customer', organizationId: vendor.organizationId });
    const refused = await api(kit, customer, 'POST', '/api/telegram/user/generate-link');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('STAFF_ONLY');
    expect((await kit.t.request('/api/telegram/user/status')).status).toBe(401);
  });

  it('has no linking page with a real bot token (it is for the local sandbox only)', async () => {
    const page = await kit.t.request('/sandbox/link');
    expect(page.status).toBe(404);
    expect((await readJson(page)).error.code).toBe('NOT_FOUND');
  });

  // Last: it moves the sandbox clock, which dates every later message.
  it('refuses an expired token (15 minutes by Telegram message time) and changes nothing', async () => {
    const user = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const link = (await api(kit, user, 'POST', '/api/telegram/user/generate-link')).body;
    await kit.client.advanceClock(16 * 60_000);
    const late = await telegramPerson(kit, 'Late');
    expect(await openLink(late, link.token)).toBe('This link has expired. Create a new one in the CRM.');
    expect((await api(kit, user, 'GET', '/api/telegram/user/status')).body.connected).toBe(false);
    expect(await say(late, '/me')).toContain('You are not signed in');
  });
});
