import { CrmNotificationsConsumer } from '../../src/modules/notifications/events/crm-notifications.consumer';
import type { CrmEventMessage } from '../../src/modules/crm/events/crm-event.types';
import { TestUser } from '../support/factories';
import { NotifyKit, startNotifyKit, WAIT, waitFor } from './notify-kit';

// CRM events reach the people they concern, in their language, once.
describe('notifications from CRM events', () => {
  let kit: NotifyKit;
  let vendor: TestUser;
  let employee: TestUser;

  beforeAll(async () => {
    kit = await startNotifyKit('events_notify_bot');
    vendor = await kit.factory.user({ role: 'vendor', name: 'Vera Vendor' });
    employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId, name: 'Emil' });
  });
  afterAll(() => kit.close());

  /** A client of the vendor's organization with one customer user. */
  const clientWithUser = async (
    clientName: string,
    userName: string,
  ): Promise<{ client: { id: string }; user: TestUser }> => {
    const client = await kit.factory.customer({ organizationId: vendor.organizationId, name: clientName });
    const user = await kit.factory.user({
      role: 'customer',
      organizationId: vendor.organizationId,
      customerId: client.id,
      name: userName,
    });
    return { client, user };
  };

  const notificationsOf = async (recipientId: string): Promise<Array<Record<string, string>>> =>
    (await kit.api(vendor, 'GET', `/api/notifications?recipientId=${recipientId}`)).body.items;

  it('a new ticket reaches its assignee in English and its customer in Russian, not the vendor who opened it', async () => {
    const client = await kit.factory.customer({ organizationId: vendor.organizationId, name: 'Борис & Co' });
    const emil = await kit.linkUser(employee, { languageCode: 'en' });
    const boris = await kit.linkClient(client.id, vendor, { languageCode: 'ru' });
    const vera = await kit.linkUser(vendor, { languageCode: 'en' });

    const created = await kit.api(vendor, 'POST', '/api/tickets', {
      customerId: client.id,
      subject: 'Printer <HP> & scanner',
      assigneeId: employee.id,
    });
    expect(created.status).toBe(201);
    const number = `T-${created.body.id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;

    const toEmployee = await emil.chat.nextBotMessage(WAIT);
    expect(toEmployee.text).toBe(
      `🎫 Ticket ${number} opened\nPrinter <HP> & scanner\nCustomer: Борис & Co · priority normal`,
    );
    expect(toEmployee.entities).toEqual([expect.objectContaining({ type: 'bold', offset: 3 })]);
    const toClient = await boris.chat.nextBotMessage(WAIT);
    expect(toClient.text).toBe(
      `🎫 Открыта заявка ${number}\nPrinter <HP> & scanner\nКлиент: Борис & Co · приоритет normal`,
    );

    // The API shows both as sent, with Telegram's message ids (recorded a moment after the message
    // shows in the chat); the vendor who did it got nothing.
    const row = await waitFor(async () => {
      const [first] = await notificationsOf(employee.id);
      const [second] = await notificationsOf(client.id);
      return first?.status === 'sent' && second?.status === 'sent' ? first : undefined;
    }, 'both rows marked sent');
    expect(row).toMatchObject({
      status: 'sent',
      sent: true,
      notificationType: 'ticket.created',
      referenceId: created.body.id,
      language: 'en',
      telegramMessageId: String(toEmployee.message_id),
    });
    expect((await notificationsOf(client.id))[0]).toMatchObject({ status: 'sent', language: 'ru' });
    expect(await notificationsOf(vendor.id)).toEqual([]);
    expect((await vera.chat.messages()).filter((m) => m.from?.is_bot && !/linked/.test(m.text ?? ''))).toEqual([]);
  });

  it('a customer who signed in with /login (no link) hears of their tickets and counts as a linked customer', async () => {
    const { client, user: doraUser } = await clientWithUser('Dora Dental', 'Dora');
    const dora = await kit.signIn(doraUser);

    const created = await kit.api(vendor, 'POST', '/api/tickets', { customerId: client.id, subject: 'Crown loose' });
    expect(created.status).toBe(201);
    expect((await dora.chat.nextBotMessage(WAIT)).text).toMatch(
      /^🎫 Ticket T-\w+ opened\nCrown loose\nCustomer: Dora Dental/,
    );

    const broadcast = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'linked_customers',
      text: 'Open on Sunday',
    });
    expect(broadcast.status).toBe(201);
    expect((await dora.chat.nextBotMessage(WAIT)).text).toMatch(/Open on Sunday$/);
    const rows = (await kit.api(vendor, 'GET', `/api/notifications?broadcastId=${broadcast.body.id}`)).body.items;
    expect(rows.map((r: Record<string, string>) => r.recipientId)).toContain(client.id);
  });

  it("a customer's comment reaches the staff side; a staff reply reaches the customer", async () => {
    const { client, user: carlaUser } = await clientWithUser('Carla Corp', 'Carla');
    const carla = await kit.linkClient(client.id, vendor, { languageCode: 'en' });
    const otto = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId, name: 'Otto' });
    const ottoChat = await kit.linkUser(otto);
    const ticket = await kit.factory.ticket({
      organizationId: vendor.organizationId,
      customerId: client.id,
      assigneeId: otto.id,
      subject: 'Broken link',
    });

    expect(
      (await kit.api(carlaUser, 'POST', `/api/tickets/${ticket.id}/comments`, { body: 'Still broken!' })).status,
    ).toBe(201);
    expect((await ottoChat.chat.nextBotMessage(WAIT)).text).toBe(
      `💬 Carla on ticket T-${ticket.id.replace(/-/g, '').slice(0, 6).toUpperCase()} «Broken link»:\nStill broken!`,
    );

    expect(
      (await kit.api(vendor, 'POST', `/api/tickets/${ticket.id}/comments`, { body: 'Fixed, sorry.' })).status,
    ).toBe(201);
    expect((await carla.chat.nextBotMessage(WAIT)).text).toContain('Vera Vendor on ticket');
  });

  it("a blocked recipient: the notification fails with Telegram's reason and the link is disabled", async () => {
    const client = await kit.factory.customer({ organizationId: vendor.organizationId, name: 'Gina Goods' });
    const gina = await kit.linkClient(client.id, vendor);
    await gina.chat.blockBot();
    const ticket = await kit.factory.ticket({ organizationId: vendor.organizationId, customerId: client.id });

    await kit.api(vendor, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'resolved' });
    const failed = await waitFor(async () => {
      const [row] = await notificationsOf(client.id);
      return row?.status === 'failed' ? row : undefined;
    }, 'the notification failing');
    expect(failed).toMatchObject({
      notificationType: 'ticket.status_changed',
      error: 'Forbidden: bot was blocked by the user',
      attempts: 0,
    });
    expect((await kit.api(vendor, 'GET', `/api/telegram/client/${client.id}/status`)).body).toMatchObject({
      connected: true,
      enabled: false,
    });
    // One refused call, no retry.
    const calls = await kit.client.calls({ method: 'sendMessage' });
    expect(calls.filter((c) => c.params.chat_id === gina.chat.id && !c.ok)).toHaveLength(1);

    // While the link is disabled, new events skip the client: nothing is written for them.
    await kit.api(vendor, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'closed' });
    await kit.api(vendor, 'PATCH', `/api/tickets/${ticket.id}`, { subject: 'touch' });
    expect(await notificationsOf(client.id)).toHaveLength(1);
  });

  it('the same event delivered twice writes and sends one notification per recipient', async () => {
    const client = await kit.factory.customer({ organizationId: vendor.organizationId, name: 'Idem Inc' });
    const idem = await kit.linkClient(client.id, vendor);
    const ticket = await kit.factory.ticket({ organizationId: vendor.organizationId, customerId: client.id });
    const event: CrmEventMessage = {
      id: '900000001',
      type: 'ticket.status_changed',
      organizationId: vendor.organizationId,
      aggregateType: 'ticket',
      aggregateId: ticket.id,
      actorUserId: vendor.id,
      payload: {
        ticket: { ...ticket, status: 'in_progress' },
        customer: { id: client.id, name: client.name },
        from: 'open',
        to: 'in_progress',
        actor: { id: vendor.id, name: vendor.name, role: 'vendor' },
      },
      createdAt: new Date(),
    };
    const consumer = kit.t.app.get(CrmNotificationsConsumer);
    await consumer.handle(event);
    await consumer.handle(event);

    const message = await idem.chat.nextBotMessage(WAIT);
    expect(message.text).toContain('is now in_progress (was open)');
    expect(await notificationsOf(client.id)).toHaveLength(1);
    await waitFor(async () => ((await notificationsOf(client.id))[0].status === 'sent' ? true : undefined), 'sent');
    expect((await idem.chat.messages()).filter((m) => /in_progress/.test(m.text ?? ''))).toHaveLength(1);
  });
});
