import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QUEUES } from '../../src/core/queue/queue.constants';
import { OutboxCleanupService } from '../../src/modules/notifications/cleanup/outbox-cleanup.service';
import { ScheduledJobsService } from '../../src/modules/notifications/schedules/scheduled-jobs.service';
import { nextRunOf } from '../../src/modules/notifications/schedules/schedule-time';
import { SchedulesService } from '../../src/modules/notifications/schedules/schedules.service';
import { formatMoney, ticketNumber } from '../../src/modules/notifications/templates/formatting';
import { TestUser } from '../support/factories';
import { NotifyKit, startNotifyKit, WAIT, waitFor } from './notify-kit';

// Scheduled jobs (invoice reminders, daily digest, cleanup) run with a clock of the test's own:
// each is called with the "now" it works for, so nothing depends on when the test runs. Under
// NODE_ENV=test no schedule registers itself in Bull; the API test registers through the API.
describe('scheduled notification jobs', () => {
  let kit: NotifyKit;
  let operator: TestUser;
  let jobs: ScheduledJobsService;

  beforeAll(async () => {
    kit = await startNotifyKit('schedules_notify_bot');
    // The first organization of the deployment is the operator's.
    operator = await kit.factory.user({ role: 'vendor', name: 'Olga Operator' });
    jobs = kit.t.app.get(ScheduledJobsService);
  });
  afterAll(() => kit.close());

  const rowsWithKey = async (key: string): Promise<Array<Record<string, string>>> =>
    kit.db.query(
      `SELECT id, status, language, notification_type, reference_id, recipient_id
         FROM telegram_notifications_queue WHERE idempotency_key = $1`,
      [key],
    );
  const sentRow = (key: string): Promise<Record<string, string>> =>
    waitFor(async () => {
      const [row] = await rowsWithKey(key);
      return row?.status === 'sent' ? row : undefined;
    }, `notification ${key} sent`);

  it("an invoice due in 3 days: one reminder in the customer's language, and none more when the job runs again", async () => {
    const client = await kit.factory.customer({ organizationId: operator.organizationId, name: 'Борис & Co' });
    const boris = await kit.linkClient(client.id, operator, { languageCode: 'ru' });
    const now = new Date('2031-05-06T10:00:00Z');
    const due = await kit.factory.invoice({
      organizationId: operator.organizationId,
      customerId: client.id,
      status: 'sent',
      dueDate: '2031-05-09',
      amountMinor: 150000,
      paidMinor: 20000,
      currency: 'USD',
    });
    // Not reminded today: due in 4 days, paid, still a draft.
    const later = await kit.factory.invoice({
      organizationId: operator.organizationId,
      customerId: client.id,
      dueDate: '2031-05-10',
    });
    await kit.factory.invoice({
      organizationId: operator.organizationId,
      customerId: client.id,
      dueDate: '2031-05-08',
      status: 'paid',
      paidMinor: 50000,
    });
    await kit.factory.invoice({
      organizationId: operator.organizationId,
      customerId: client.id,
      dueDate: '2031-05-08',
      status: 'draft',
    });

    expect(await jobs.run('invoice-reminders', { now, trigger: 'schedule' })).toEqual({
      dueSoon: 1,
      overdue: 0,
      alreadySent: 0,
      notLinked: 0,
    });
    const message = await boris.chat.nextBotMessage(WAIT);
    expect(message.text).toBe(
      `⏰ Счёт ${due.number} нужно оплатить до 2031-05-09: осталось ${formatMoney(130000, 'USD', 'ru')}.`,
    );
    expect(message.entities).toEqual([expect.objectContaining({ type: 'bold' })]);
    const key = `invoice-reminder:${due.id}:due-soon`;
    expect(await sentRow(key)).toMatchObject({
      notification_type: 'invoice.due_soon',
      language: 'ru',
      reference_id: due.id,
      recipient_id: client.id,
    });

    // The same run again (a second instance, a retry, an hour later): nothing new.
    expect(await jobs.run('invoice-reminders', { now, trigger: 'schedule' })).toMatchObject({
      dueSoon: 0,
      alreadySent: 1,
    });
    expect(await rowsWithKey(key)).toHaveLength(1);
    // The next day the one due in (now) 3 days has its reminder; the first still has only its own.
    expect(
      await jobs.run('invoice-reminders', { now: new Date('2031-05-07T10:00:00Z'), trigger: 'schedule' }),
    ).toMatchObject({ dueSoon: 1, alreadySent: 1 });
    expect((await boris.chat.nextBotMessage(WAIT)).text).toContain(`Счёт ${later.number} нужно оплатить до 2031-05-10`);
    await sentRow(`invoice-reminder:${later.id}:due-soon`);
    const reminders = (await boris.chat.messages()).filter((m) => m.text?.startsWith('⏰'));
    expect(reminders.map((m) => m.text?.includes(due.number))).toEqual([true, false]);
  });

  it('an overdue invoice: one reminder to its customer; one overdue for more than a week is left alone', async () => {
    const client = await kit.factory.customer({ organizationId: operator.organizationId, name: 'Late Ltd' });
    const late = await kit.linkClient(client.id, operator, { languageCode: 'en' });
    const overdue = await kit.factory.invoice({
      organizationId: operator.organizationId,
      customerId: client.id,
      status: 'overdue',
      dueDate: '2031-05-04',
      amountMinor: 50000,
    });
    // Still "sent" (the CRM's overdue marker has not passed yet): overdue all the same.
    const unmarked = await kit.factory.invoice({
      organizationId: operator.organizationId,
      customerId: client.id,
      status: 'sent',
      dueDate: '2031-05-05',
      amountMinor: 7000,
    });
    await kit.factory.invoice({
      organizationId: operator.organizationId,
      customerId: client.id,
      status: 'overdue',
      dueDate: '2031-04-20',
    });
    const now = new Date('2031-05-06T12:00:00Z');

    expect(await jobs.run('invoice-reminders', { now, trigger: 'schedule' })).toMatchObject({
      overdue: 2,
      alreadySent: 1,
    });
    const texts = [(await late.chat.nextBotMessage(WAIT)).text, (await late.chat.nextBotMessage(WAIT)).text].sort();
    expect(texts).toEqual(
      [
        `⚠️ Invoice ${overdue.number} was due on 2031-05-04 and is overdue: $500.00 left to pay.`,
        `⚠️ Invoice ${unmarked.number} was due on 2031-05-05 and is overdue: $70.00 left to pay.`,
      ].sort(),
    );
    await sentRow(`invoice-reminder:${overdue.id}:overdue`);
    await sentRow(`invoice-reminder:${unmarked.id}:overdue`);

    expect(await jobs.run('invoice-reminders', { now, trigger: 'schedule' })).toMatchObject({ overdue: 0 });
    const rows: Array<{ n: number }> = await kit.db.query(
      `SELECT count(*)::int AS n FROM telegram_notifications_queue WHERE recipient_id = $1`,
      [client.id],
    );
    expect(rows[0].n).toBe(2);
  });

  it('the daily digest reaches a staff user at their hour with their open work, not one whose hour has not come', async () => {
    const org = operator.organizationId;
    const emilUser = await kit.factory.user({ role: 'employee', organizationId: org, name: 'Emil <Ops>' });
    const emil = await kit.linkUser(emilUser, { languageCode: 'en' });
    const ninaUser = await kit.factory.user({ role: 'employee', organizationId: org, name: 'Nina' });
    const nina = await kit.linkUser(ninaUser, { languageCode: 'ru' });
    const urgent = await kit.factory.ticket({
      organizationId: org,
      assigneeId: emilUser.id,
      subject: 'Printer <HP> & scanner',
      priority: 'high',
    });
    const routine = await kit.factory.ticket({ organizationId: org, assigneeId: emilUser.id, subject: 'Toner' });
    await kit.factory.ticket({ organizationId: org, assigneeId: emilUser.id, status: 'resolved' });
    await kit.factory.deal({
      organizationId: org,
      assigneeId: emilUser.id,
      title: 'Fleet & service',
      stage: 'proposal',
    });
    await kit.factory.deal({ organizationId: org, assigneeId: emilUser.id, stage: 'won' });
    await kit.factory.ticket({ organizationId: org, assigneeId: ninaUser.id, subject: 'Нина: звонок' });

    // Nina lives in New York: 09:20 UTC is 05:20 there. Her choices are checked.
    expect((await kit.api(ninaUser, 'PATCH', '/api/notifications/digest-settings', { hour: 24 })).status).toBe(400);
    const badZone = await kit.api(ninaUser, 'PATCH', '/api/notifications/digest-settings', { timeZone: 'Mars/Base' });
    expect(badZone.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'timeZone' }] });
    const chosen = await kit.api(ninaUser, 'PATCH', '/api/notifications/digest-settings', {
      timeZone: 'America/New_York',
    });
    expect(chosen).toMatchObject({
      status: 200,
      body: { enabled: true, hour: 9, timeZone: 'America/New_York', effectiveTimeZone: 'America/New_York' },
    });
    expect((await kit.api(emilUser, 'GET', '/api/notifications/digest-settings')).body).toEqual({
      enabled: true,
      hour: 9,
      timeZone: null,
      effectiveTimeZone: 'UTC',
    });
    const customer = await kit.factory.user({ role: 'customer', organizationId: org });
    expect((await kit.api(customer, 'GET', '/api/notifications/digest-settings')).status).toBe(403);

    const morning = new Date('2031-05-06T09:20:00Z');
    const first = await jobs.run('daily-digest', { now: morning, trigger: 'schedule' });
    expect(first).toMatchObject({ written: 1 });

    const digest = await emil.chat.nextBotMessage(WAIT);
    expect(digest.text).toBe(
      [
        '☀️ Good morning, Emil <Ops>! Open tickets: 2, open deals: 1.',
        '',
        `• ${ticketNumber(urgent.id)} Printer <HP> & scanner (high)`,
        `• ${ticketNumber(routine.id)} Toner (normal)`,
        '',
        '• Fleet & service — proposal, $100.00',
      ].join('\n'),
    );
    expect(digest.entities?.filter((e) => e.type === 'bold')).toHaveLength(2);
    expect(await sentRow(`digest:${emilUser.id}:2031-05-06`)).toMatchObject({ notification_type: 'digest' });
    expect(await rowsWithKey(`digest:${ninaUser.id}:2031-05-06`)).toEqual([]);

    // Fifteen minutes later: Emil has had today's; Nina's hour has still not come.
    expect(
      await jobs.run('daily-digest', { now: new Date('2031-05-06T09:35:00Z'), trigger: 'schedule' }),
    ).toMatchObject({ written: 0, alreadySent: 1 });
    // 13:20 UTC is 09:20 in New York: Nina's, in Russian; Emil's hour is long past.
    expect(
      await jobs.run('daily-digest', { now: new Date('2031-05-06T13:20:00Z'), trigger: 'schedule' }),
    ).toMatchObject({ written: 1 });
    expect((await nina.chat.nextBotMessage(WAIT)).text).toContain(
      'Доброе утро, Nina! Открытых заявок: 1, открытых сделок: 0.',
    );
    await sentRow(`digest:${ninaUser.id}:2031-05-06`);
    expect((await emil.chat.messages()).filter((m) => m.text?.startsWith('☀️'))).toHaveLength(1);
  });

  it('cleanup deletes only notifications and Telegram updates that ended before their retention, in batches', async () => {
    const org = operator.organizationId;
    const now = new Date();
    const daysAgo = (days: number): Date => new Date(now.getTime() - days * 86_400_000);
    const [finished]: Array<{ id: string }> = await kit.db.query(
      `INSERT INTO notification_broadcasts (organization_id, segment, status, notification_type, finished_at)
       VALUES ($1, 'customers', 'finished', 'broadcast', $2) RETURNING id`,
      [org, daysAgo(40)],
    );
    const [paused]: Array<{ id: string }> = await kit.db.query(
      `INSERT INTO notification_broadcasts (organization_id, segment, status, notification_type)
       VALUES ($1, 'customers', 'paused', 'broadcast') RETURNING id`,
      [org],
    );
    const row = async (status: string, age: number, broadcastId: string | null = null): Promise<string> => {
      const [inserted]: Array<{ id: string }> = await kit.db.query(
        `INSERT INTO telegram_notifications_queue
           (organization_id, recipient_type, recipient_id, chat_id, language, notification_type, message, status,
            idempotency_key, broadcast_id, created_at, updated_at, next_attempt_at)
         VALUES ($1, 'chat', '1', 1, 'en', 'direct', 'old', $2, $3, $4, $5, $5, now() + interval '1 day')
         RETURNING id`,
        [org, status, `cleanup-test:${randomBytes(6).toString('hex')}`, broadcastId, daysAgo(age)],
      );
      return inserted.id;
    };
    const gone = [
      await row('sent', 40),
      await row('failed', 31),
      await row('cancelled', 45),
      await row('sent', 40, finished.id),
    ];
    const kept = [
      await row('sent', 29),
      // Not ended: pending stays however old (delivery cares for it; this one is due tomorrow).
      await row('pending', 40),
      // Its broadcast has not ended (paused): its progress is counted from its rows.
      await row('sent', 40, paused.id),
    ];
    const update = async (status: string, age: number): Promise<string> => {
      const id = String(9_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
      await kit.db.query(
        `INSERT INTO telegram_updates (update_id, chat_key, chat_id, update_type, payload, status, received_at, handled_at)
         VALUES ($1, '1', 1, 'message', '{}'::jsonb, $2, $3, $3)`,
        [id, status, daysAgo(age)],
      );
      return id;
    };
    const oldHandled = [await update('handled', 8), await update('handled', 30), await update('skipped', 9)];
    const keptUpdates = [await update('handled', 6), await update('failed', 30)];

    const result = await kit.t.app.get(OutboxCleanupService).run(now, { batchSize: 2 });
    expect(result).toEqual({ notifications: 4, broadcasts: 1, updates: 3 });

    const left: Array<{ id: string }> = await kit.db.query(
      'SELECT id FROM telegram_notifications_queue WHERE id = ANY($1::uuid[])',
      [[...gone, ...kept]],
    );
    expect(left.map((r) => r.id).sort()).toEqual([...kept].sort());
    const broadcasts: Array<{ id: string }> = await kit.db.query(
      'SELECT id FROM notification_broadcasts WHERE id = ANY($1::uuid[])',
      [[finished.id, paused.id]],
    );
    expect(broadcasts).toEqual([{ id: paused.id }]);
    const updates: Array<{ update_id: string }> = await kit.db.query(
      'SELECT update_id::text FROM telegram_updates WHERE update_id = ANY($1::bigint[]) ORDER BY update_id',
      [[...oldHandled, ...keptUpdates]],
    );
    expect(updates.map((u) => u.update_id)).toEqual([...keptUpdates].sort());
    // The earlier tests' notifications (sent minutes ago) are all still there.
    const [{ n }]: Array<{ n: number }> = await kit.db.query(
      `SELECT count(*)::int AS n FROM telegram_notifications_queue WHERE idempotency_key LIKE 'invoice-reminder:%'`,
    );
    expect(n).toBe(4);

    // A second run finds nothing left to delete.
    expect(await kit.t.app.get(OutboxCleanupService).run(now)).toEqual({
      notifications: 0,
      broadcasts: 0,
      updates: 0,
    });
  });

  describe('the schedules API', () => {
    const queue = (): Queue => kit.t.app.get(getQueueToken(QUEUES.NOTIFICATION_SCHEDULES));
    const repeatsOf = async (name: string): Promise<Array<{ cron: string; tz: string | undefined }>> =>
      (await queue().getRepeatableJobs()).filter((j) => j.name === name).map((j) => ({ cron: j.cron, tz: j.tz }));
    const delayedOf = async (name: string): Promise<number> =>
      (await queue().getDelayed()).filter((j) => j.name === name).length;

    it('lists the jobs with their cron, time zone, enabled flag and runs', async () => {
      const { status, body } = await kit.api(operator, 'GET', '/api/notifications/schedules');
      expect(status).toBe(200);
      expect(body.map((s: { name: string }) => s.name)).toEqual(['cleanup', 'daily-digest', 'invoice-reminders']);
      const reminders = body.find((s: { name: string }) => s.name === 'invoice-reminders');
      expect(reminders).toMatchObject({
        cron: '0 9-18 * * *',
        timeZone: 'UTC',
        enabled: true,
        // Under NODE_ENV=test nothing registers itself.
        registered: false,
        lastStatus: 'succeeded',
        lastResult: { dueSoon: 0, overdue: 0 },
        lastError: null,
        updatedById: null,
      });
      expect(reminders.description).toContain('invoice.due_soon');
      expect(new Date(reminders.lastRunAt).getTime()).toBeLessThanOrEqual(Date.now());
      expect(new Date(reminders.nextRunAt).toISOString()).toBe(
        nextRunOf('0 9-18 * * *', 'UTC', new Date(Date.now() - 1000))?.toISOString(),
      );
    });

    it('changes a schedule: stored, and its repeatable job replaced in Bull; an invalid cron is a 400', async () => {
      const invalid = await kit.api(operator, 'PATCH', '/api/notifications/schedules/daily-digest', {
        cron: '61 * * * *',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: 'Invalid input: cron',
        details: [
          { field: 'cron', problems: ['cron is not valid: Constraint error, got value 61 expected range 0-59'] },
        ],
      });
      for (const body of [
        { cron: '* * * * * *' },
        { cron: 'often' },
        { timeZone: 'Mars/Base' },
        { enabled: 'yes' },
        {},
      ]) {
        const refused = await kit.api(operator, 'PATCH', '/api/notifications/schedules/daily-digest', body);
        expect({ body, status: refused.status, code: refused.body.error.code }).toEqual({
          body,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      expect(await repeatsOf('daily-digest')).toEqual([]);

      // 29 February: a schedule that will not fire while the test runs.
      const changed = await kit.api(operator, 'PATCH', '/api/notifications/schedules/daily-digest', {
        cron: '0 7 29 2 *',
        timeZone: 'Europe/Berlin',
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        name: 'daily-digest',
        cron: '0 7 29 2 *',
        timeZone: 'Europe/Berlin',
        enabled: true,
        registered: true,
        updatedById: operator.id,
      });
      expect(changed.body.nextRunAt).toBe(nextRunOf('0 7 29 2 *', 'Europe/Berlin', new Date())?.toISOString());
      expect(await repeatsOf('daily-digest')).toEqual([{ cron: '0 7 29 2 *', tz: 'Europe/Berlin' }]);

      // Registering again (another instance starting, the periodic check) adds nothing.
      await kit.t.app.get(SchedulesService).syncAll();
      await kit.t.app.get(SchedulesService).syncAll();
      expect(await repeatsOf('daily-digest')).toHaveLength(1);
      expect(await delayedOf('daily-digest')).toBe(1);

      // A new cron replaces the old registration and its pending run.
      await kit.api(operator, 'PATCH', '/api/notifications/schedules/daily-digest', { cron: '0 8 29 2 *' });
      expect(await repeatsOf('daily-digest')).toEqual([{ cron: '0 8 29 2 *', tz: 'Europe/Berlin' }]);
      expect(await delayedOf('daily-digest')).toBe(1);

      const off = await kit.api(operator, 'PATCH', '/api/notifications/schedules/daily-digest', { enabled: false });
      expect(off.body).toMatchObject({ enabled: false, registered: false, nextRunAt: null, cron: '0 8 29 2 *' });
      expect(await repeatsOf('daily-digest')).toEqual([]);
      expect(await delayedOf('daily-digest')).toBe(0);
      const [stored]: Array<Record<string, unknown>> = await kit.db.query(
        `SELECT cron, time_zone, enabled FROM notification_schedules WHERE name = 'daily-digest'`,
      );
      expect(stored).toEqual({ cron: '0 8 29 2 *', time_zone: 'Europe/Berlin', enabled: false });

      expect((await kit.api(operator, 'PATCH', '/api/notifications/schedules/nightly', { enabled: true })).status).toBe(
        404,
      );
    });

    it('runs a job now through the queue; its outcome shows in the list', async () => {
      const before = Date.now();
      const run = await kit.api(operator, 'POST', '/api/notifications/schedules/cleanup/run');
      expect(run.status).toBe(202);
      expect(run.body).toMatchObject({ name: 'cleanup', jobId: expect.any(String) });
      const cleanup = await waitFor(async () => {
        const list = (await kit.api(operator, 'GET', '/api/notifications/schedules')).body;
        const entry = list.find((s: { name: string }) => s.name === 'cleanup');
        return entry.lastStatus === 'succeeded' && new Date(entry.lastFinishedAt).getTime() >= before
          ? entry
          : undefined;
      }, 'the cleanup run');
      expect(cleanup.lastResult).toEqual({ notifications: 0, broadcasts: 0, updates: 0 });
    });

    it('is for a vendor of the operator organization only', async () => {
      const employee = await kit.factory.user({ role: 'employee', organizationId: operator.organizationId });
      const otherVendor = await kit.factory.user({ role: 'vendor' });
      for (const who of [employee, otherVendor]) {
        const calls = [
          await kit.api(who, 'GET', '/api/notifications/schedules'),
          await kit.api(who, 'PATCH', '/api/notifications/schedules/cleanup', { enabled: false }),
          await kit.api(who, 'POST', '/api/notifications/schedules/cleanup/run'),
        ];
        expect(calls.map((c) => [c.status, c.body.error.code])).toEqual([
          [403, 'FORBIDDEN'],
          [403, 'FORBIDDEN'],
          [403, 'FORBIDDEN'],
        ]);
      }
      const [stored]: Array<{ enabled: boolean }> = await kit.db.query(
        `SELECT enabled FROM notification_schedules WHERE name = 'cleanup'`,
      );
      expect(stored.enabled).toBe(true);
    });
  });
});
