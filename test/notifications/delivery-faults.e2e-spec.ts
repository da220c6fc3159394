import Redis from 'ioredis';
import { OutboxService } from '../../src/modules/notifications/outbox/outbox.service';
import { PRIORITY } from '../../src/modules/notifications/notifications.constants';
import { TestUser } from '../support/factories';
import { NotifyKit, Person, startNotifyKit, WAIT, waitFor } from './notify-kit';

// What Telegram answers decides what happens to a notification; nothing is lost or sent twice.
describe('notification delivery against a misbehaving Telegram', () => {
  let kit: NotifyKit;
  let vendor: TestUser;

  beforeAll(async () => {
    kit = await startNotifyKit('faults_notify_bot');
    vendor = await kit.factory.user({ role: 'vendor', name: 'Vera Vendor' });
  });
  afterAll(() => kit.close());

  async function linkedEmployee(): Promise<{ employee: TestUser; person: Person }> {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    return { employee, person: await kit.linkUser(employee) };
  }

  const send = (json: Record<string, unknown>) => kit.api(vendor, 'POST', '/api/notifications', json);
  const get = async (id: string) => (await kit.api(vendor, 'GET', `/api/notifications/${id}`)).body;
  // The calls that tried to deliver `text` (the chat also got the linking greeting).
  const sendCalls = async (chatId: number, text: string) =>
    (await kit.client.calls({ method: 'sendMessage' })).filter(
      (c) => c.params.chat_id === chatId && String(c.params.text).includes(text),
    );

  it("honours a 429's retry_after: nothing goes to that chat before it runs out", async () => {
    const { employee, person } = await linkedEmployee();
    await kit.client.injectFault({ chatId: person.chat.id, kind: '429', retryAfter: 3 });

    const sent = await send({ userId: employee.id, text: 'After the wait' });
    expect(sent.status).toBe(201);
    expect((await person.chat.nextBotMessage(WAIT)).text).toBe(
      `Vera Vendor · ${(await kit.api(vendor, 'GET', '/api/auth/me')).body.organization.name}\n\nAfter the wait`,
    );
    const [refused, accepted] = await sendCalls(person.chat.id, 'After the wait');
    expect(refused.error).toMatchObject({ error_code: 429, parameters: { retry_after: 3 } });
    expect(accepted.ok).toBe(true);
    expect(accepted.time - refused.time).toBeGreaterThanOrEqual(3000);
    expect(await kit.client.violations()).toEqual([]);
    // A 429 is Telegram's pacing, not a failed attempt.
    const row = await waitFor(async () => {
      const n = await get(sent.body.id);
      return n.status === 'sent' ? n : undefined;
    }, 'the row marked sent');
    expect(row).toMatchObject({ status: 'sent', attempts: 0 });
  });

  it('retries a 5xx until Telegram takes the message', async () => {
    const { employee, person } = await linkedEmployee();
    await kit.client.injectFault({ chatId: person.chat.id, kind: '500', count: 2 });

    const sent = await send({ userId: employee.id, text: 'Third time lucky' });
    expect((await person.chat.nextBotMessage(WAIT)).text).toContain('Third time lucky');
    const calls = await sendCalls(person.chat.id, 'Third time lucky');
    expect(calls.map((c) => c.ok)).toEqual([false, false, true]);
    const row = await waitFor(async () => {
      const n = await get(sent.body.id);
      return n.status === 'sent' ? n : undefined;
    }, 'the row marked sent');
    expect(row).toMatchObject({
      attempts: 2,
      telegramMessageId: String(calls[2].result && (calls[2].result as { message_id: number }).message_id),
    });
  });

  it('an idempotency key used twice makes one notification and one message', async () => {
    const { employee, person } = await linkedEmployee();
    const first = await send({ userId: employee.id, text: 'Only once', idempotencyKey: 'order-42-shipped' });
    const second = await send({ userId: employee.id, text: 'Only once', idempotencyKey: 'order-42-shipped' });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);

    await person.chat.nextBotMessage(WAIT);
    await waitFor(async () => ((await get(first.body.id)).status === 'sent' ? true : undefined), 'sent');
    expect(await sendCalls(person.chat.id, 'Only once')).toHaveLength(1);
    const listed = await kit.api(vendor, 'GET', `/api/notifications?recipientId=${employee.id}`);
    expect(listed.body.total).toBe(1);
  });

  it('a row whose job vanished (Redis lost its data) is found by the sweeper and sent', async () => {
    const { employee, person } = await linkedEmployee();
    // Written without a job, then Redis loses everything.
    const { written } = await kit.t.app.get(OutboxService).writeRows([
      {
        organizationId: vendor.organizationId,
        recipient: { type: 'user', id: employee.id },
        type: 'direct',
        variables: { 'sender.name': 'Sweeper', 'message.text': 'Found you' },
        idempotencyKey: 'test:orphan',
        priority: PRIORITY.direct,
      },
    ]);
    expect(written).toHaveLength(1);
    const redis = new Redis(kit.t.config.redisUrl);
    await redis.flushdb();
    redis.disconnect();
    expect((await person.chat.nextBotMessage(WAIT)).text).toContain('Found you');
  });

  it('a row left sending by a dead worker is sent again after its lease (the at-least-once window)', async () => {
    const { employee, person } = await linkedEmployee();
    const { written } = await kit.t.app.get(OutboxService).writeRows([
      {
        organizationId: vendor.organizationId,
        recipient: { type: 'user', id: employee.id },
        type: 'direct',
        variables: { 'sender.name': 'Lease', 'message.text': 'Outcome unknown' },
        idempotencyKey: 'test:dead-worker',
        priority: PRIORITY.direct,
      },
    ]);
    await kit.db.query(
      `UPDATE telegram_notifications_queue SET status = 'sending', locked_until = now() - interval '1 second'
        WHERE id = $1`,
      [written[0].id],
    );
    expect((await person.chat.nextBotMessage({ timeoutMs: 30_000 })).text).toContain('Outcome unknown');
    const row = await waitFor(async () => {
      const n = await get(written[0].id);
      return n.status === 'sent' ? n : undefined;
    }, 'the row marked sent');
    expect(row.error).toBeNull();
  });

  it('checks what it is asked to send', async () => {
    const { employee } = await linkedEmployee();
    const both = await send({ userId: employee.id, chatId: 5, text: 'x' });
    expect([both.status, both.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknownVariable = await send({
      userId: employee.id,
      template: 'invoice.due_soon',
      variables: { 'invoice.total': '1' },
    });
    expect(unknownVariable.status).toBe(400);
    expect(unknownVariable.body.error.details[0].problems[0]).toContain('unknown for invoice.due_soon: invoice.total');
    const stranger = await kit.factory.user({ role: 'employee' });
    expect((await send({ userId: stranger.id, text: 'x' })).status).toBe(404);
    const unlinked = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const notLinked = await send({ userId: unlinked.id, text: 'x' });
    expect([notLinked.status, notLinked.body.error.code]).toEqual([409, 'RECIPIENT_NOT_LINKED']);
    const customer = await kit.factory.user({ role: 'customer', organizationId: vendor.organizationId });
    expect((await kit.api(customer, 'GET', '/api/notifications')).status).toBe(403);
  });
});
