import { DataSource } from 'typeorm';
import {
  CrmEventConsumerDefinition,
  CrmEventConsumerRegistry,
} from '../../src/modules/crm/events/crm-event-consumer.registry';
import { CrmEventDispatcher } from '../../src/modules/crm/events/crm-event.dispatcher';
import { CrmEventMessage } from '../../src/modules/crm/events/crm-event.types';
import { InvoicesService } from '../../src/modules/crm/invoices/invoices.service';
import { createFactory, Factory, TestUser, unique } from '../support/factories';
import { readJson, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from './support/wait';

interface EventRow {
  id: string;
  type: string;
  organization_id: string;
  aggregate_type: string;
  aggregate_id: string;
  actor_user_id: string | null;
  payload: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('CRM domain events', () => {
  let t: TestApp;
  let f: Factory;
  let db: DataSource;
  let registry: CrmEventConsumerRegistry;
  let vendor: TestUser;
  const dispatchers: CrmEventDispatcher[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    f = createFactory(t.app);
    db = t.app.get(DataSource);
    registry = t.app.get(CrmEventConsumerRegistry);
    vendor = await f.user({ role: 'vendor' });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    for (const c of registry.list()) registry.unregister(c.name);
  });
  afterAll(() => t.close());

  const api = async (method: string, path: string, json?: unknown, user = vendor) => {
    const res = await t.request(path, { method, headers: user.headers, json });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const eventsOf = (aggregateId: string): Promise<EventRow[]> =>
    db.query(
      `SELECT id::text, type, organization_id, aggregate_type, aggregate_id, actor_user_id, payload FROM crm_events WHERE aggregate_id = $1 ORDER BY crm_events.id`,
      [aggregateId],
    );

  /** A dispatcher like the worker's, polling fast; stopped after each test. */
  function startDispatcher(options: { leaseMs?: number } = {}): CrmEventDispatcher {
    const dispatcher = new CrmEventDispatcher(db, registry, { pollIntervalMs: 20, ...options });
    dispatchers.push(dispatcher);
    dispatcher.start();
    return dispatcher;
  }

  /** A consumer that records what it receives. */
  function recorder(name: string, extra: Partial<CrmEventConsumerDefinition> = {}) {
    const received: CrmEventMessage[] = [];
    registry.register({
      name,
      startFrom: 'beginning',
      handle: async (event) => {
        received.push(event);
      },
      ...extra,
    });
    return received;
  }

  it('writes an event with the actor, organization and what a message needs for each change', async () => {
    const customer = await api('POST', '/api/customers', { name: 'Evented Ltd' });
    const deal = await api('POST', '/api/deals', { title: 'Big one', customerId: customer.body.id, amountMinor: 5000 });
    await api('PATCH', `/api/deals/${deal.body.id}`, { stage: 'won' });
    const ticket = await api('POST', '/api/tickets', { subject: 'Broken', customerId: customer.body.id });
    await api('POST', `/api/tickets/${ticket.body.id}/comments`, { body: 'On it' });
    const employee = await f.user({ role: 'employee', organizationId: vendor.organizationId });
    await api('PATCH', `/api/tickets/${ticket.body.id}`, { status: 'in_progress', assigneeId: employee.id });
    const invoice = await api('POST', '/api/invoices', {
      customerId: customer.body.id,
      amountMinor: 5000,
      status: 'sent',
      dueDate: '2000-01-01',
    });
    await api('POST', '/api/payments', { invoiceId: invoice.body.id, amountMinor: 1000 });
    await t.app.get(InvoicesService).markOverdueInvoices();

    const customerEvents = await eventsOf(customer.body.id);
    expect(customerEvents.map((e) => e.type)).toEqual(['customer.created']);
    expect(customerEvents[0]).toMatchObject({
      organization_id: vendor.organizationId,
      actor_user_id: vendor.id,
      payload: { customer: { name: 'Evented Ltd' }, actor: { id: vendor.id, role: 'vendor' } },
    });
    const dealEvents = await eventsOf(deal.body.id);
    expect(dealEvents.map((e) => e.type)).toEqual(['deal.created', 'deal.stage_changed']);
    expect(dealEvents[1].payload).toMatchObject({
      from: 'new',
      to: 'won',
      deal: { title: 'Big one', amountMinor: 5000 },
    });
    const ticketEvents = await eventsOf(ticket.body.id);
    expect(ticketEvents.map((e) => e.type)).toEqual([
      'ticket.created',
      'ticket.commented',
      'ticket.status_changed',
      'ticket.assigned',
    ]);
    expect(ticketEvents[1].payload).toMatchObject({
      comment: { body: 'On it', authorName: vendor.name },
      customer: { id: customer.body.id, name: 'Evented Ltd' },
    });
    expect(ticketEvents[3].payload).toMatchObject({
      ticket: { assigneeId: employee.id },
      previousAssigneeId: vendor.id,
    });
    const invoiceEvents = await eventsOf(invoice.body.id);
    expect(invoiceEvents.map((e) => e.type)).toEqual(['invoice.created', 'payment.recorded', 'invoice.overdue']);
    expect(invoiceEvents[1].payload).toMatchObject({ payment: { amountMinor: 1000 }, invoice: { paidMinor: 1000 } });
    expect(invoiceEvents[2]).toMatchObject({ actor_user_id: null, payload: { invoice: { status: 'overdue' } } });
  });

  it('leaves no event when the transaction of the change rolls back', async () => {
    // A constraint checked at COMMIT, after the service wrote both the ticket and its event.
    await db.query(`
      CREATE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
      CREATE CONSTRAINT TRIGGER fail_at_commit AFTER UPDATE ON tickets DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.subject = 'fail-at-commit') EXECUTE FUNCTION fail_at_commit();`);
    const ticket = await f.ticket({ organizationId: vendor.organizationId, subject: 'Before' });
    const res = await api('PATCH', `/api/tickets/${ticket.id}`, { subject: 'fail-at-commit', status: 'closed' });
    expect(res.status).toBe(500);
    expect(await eventsOf(ticket.id)).toEqual([]);
    const rows = await db.query('SELECT subject, status FROM tickets WHERE id = $1', [ticket.id]);
    expect(rows).toEqual([{ subject: 'Before', status: 'open' }]);

    // The same change without the poison commits with its event.
    expect((await api('PATCH', `/api/tickets/${ticket.id}`, { status: 'closed' })).status).toBe(200);
    expect((await eventsOf(ticket.id)).map((e) => e.type)).toEqual(['ticket.status_changed']);
  });

  it('delivers every event to every consumer; a throwing consumer is retried with backoff and holds up no one else', async () => {
    const healthy = recorder(unique('healthy'));
    const attempts = new Map<string, number>();
    const flakyReceived: string[] = [];
    registry.register({
      name: unique('flaky'),
      startFrom: 'beginning',
      retryDelayMs: (attempt) => 50 * attempt,
      handle: async (event) => {
        const n = (attempts.get(event.id) ?? 0) + 1;
        attempts.set(event.id, n);
        if (event.payload.customer && (event.payload.customer as { name: string }).name === 'Flaky Inc' && n < 3) {
          throw new Error(`not yet (attempt ${n})`);
        }
        flakyReceived.push(event.id);
      },
    });
    const customer = await api('POST', '/api/customers', { name: 'Flaky Inc' });
    const other = await api('POST', '/api/customers', { name: 'Calm Inc' });
    const [flakyEvent] = await eventsOf(customer.body.id);
    const [calmEvent] = await eventsOf(other.body.id);
    startDispatcher();

    await waitFor(
      async () =>
        healthy.some((e) => e.id === calmEvent.id) && healthy.some((e) => e.id === flakyEvent.id) ? true : undefined,
      5000,
      'healthy consumer got both',
    );
    await waitFor(
      async () => (flakyReceived.includes(flakyEvent.id) ? true : undefined),
      5000,
      'flaky consumer succeeded',
    );
    expect(attempts.get(flakyEvent.id)).toBe(3);
    // The calm customer's event did not wait for the flaky one (another aggregate).
    expect(flakyReceived.indexOf(calmEvent.id)).toBeLessThan(flakyReceived.indexOf(flakyEvent.id));
    const delivery = await db.query(
      `SELECT status, attempts, last_error FROM crm_event_deliveries WHERE event_id = $1 AND consumer LIKE 'flaky-%'`,
      [flakyEvent.id],
    );
    expect(delivery).toEqual([{ status: 'done', attempts: 2, last_error: null }]);
  });

  it('delivers the events of one record in order, holding later ones while an earlier one is retried', async () => {
    const customer = await f.customer({ organizationId: vendor.organizationId });
    const deal = await api('POST', '/api/deals', { title: 'Ordered', customerId: customer.id });
    let failFirst = true;
    const received: string[] = [];
    registry.register({
      name: unique('ordered'),
      startFrom: 'beginning',
      types: ['deal.created', 'deal.stage_changed'],
      retryDelayMs: () => 100,
      handle: async (event) => {
        if (event.aggregateId !== deal.body.id) return;
        if (event.type === 'deal.created' && failFirst) {
          failFirst = false;
          throw new Error('first try fails');
        }
        received.push(`${event.type}:${(event.payload.to as string | undefined) ?? ''}`);
      },
    });
    for (const stage of ['qualified', 'proposal', 'negotiation', 'won']) {
      expect((await api('PATCH', `/api/deals/${deal.body.id}`, { stage })).status).toBe(200);
    }
    startDispatcher();
    await waitFor(async () => (received.length === 5 ? true : undefined), 5000, 'all five deal events');
    expect(received).toEqual([
      'deal.created:',
      'deal.stage_changed:qualified',
      'deal.stage_changed:proposal',
      'deal.stage_changed:negotiation',
      'deal.stage_changed:won',
    ]);
  });

  it('shares the work between several dispatchers without losing or reordering anything', async () => {
    const received = recorder(unique('shared'));
    const customers = await Promise.all([1, 2, 3, 4].map(() => f.customer({ organizationId: vendor.organizationId })));
    const deals = await Promise.all(
      customers.map((c) => api('POST', '/api/deals', { title: 'Race', customerId: c.id })),
    );
    startDispatcher();
    startDispatcher();
    startDispatcher();
    const stages = ['qualified', 'proposal', 'negotiation', 'won', 'lost', 'new'];
    await Promise.all(
      deals.map(async (d) => {
        for (const stage of stages) await api('PATCH', `/api/deals/${d.body.id}`, { stage });
      }),
    );
    const dealIds = new Set(deals.map((d) => d.body.id as string));
    const expected: EventRow[] = await db.query(
      `SELECT id::text, aggregate_id FROM crm_events WHERE aggregate_id = ANY($1) ORDER BY crm_events.id`,
      [[...dealIds]],
    );
    await waitFor(
      async () => (expected.every((e) => received.some((r) => r.id === e.id)) ? true : undefined),
      10_000,
      'every deal event delivered',
    );
    for (const id of dealIds) {
      const seen = received.filter((r) => r.aggregateId === id).map((r) => Number(r.id));
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen).toHaveLength(1 + stages.length);
    }
  });

  it('starts a new consumer from now unless it asks for the beginning', async () => {
    await api('POST', '/api/customers', { name: 'Before the consumer' });
    const fromNow = recorder(unique('from-now'), { startFrom: 'now' });
    const dispatcher = startDispatcher();
    await dispatcher.runOnce();
    const later = await api('POST', '/api/customers', { name: 'After the consumer' });
    await waitFor(
      async () => (fromNow.some((e) => e.aggregateId === later.body.id) ? true : undefined),
      5000,
      'new event',
    );
    expect(fromNow.map((e) => (e.payload.customer as { name: string }).name)).toEqual(['After the consumer']);
  });

  it('gives up on an event after maxAttempts and lets the later events of the record through', async () => {
    const customer = await f.customer({ organizationId: vendor.organizationId });
    const deal = await api('POST', '/api/deals', { title: 'Poison', customerId: customer.id });
    await api('PATCH', `/api/deals/${deal.body.id}`, { stage: 'won' });
    const got: string[] = [];
    const name = unique('poison');
    registry.register({
      name,
      startFrom: 'beginning',
      maxAttempts: 2,
      retryDelayMs: () => 20,
      handle: async (event) => {
        if (event.aggregateId !== deal.body.id) return;
        if (event.type === 'deal.created') throw new Error('cannot handle this one');
        got.push(event.type);
      },
    });
    startDispatcher();
    const rows = await waitFor(
      async () => {
        const found: { status: string }[] = await db.query(
          `SELECT e.type, d.status, d.attempts, d.last_error FROM crm_event_deliveries d JOIN crm_events e ON e.id = d.event_id
           WHERE d.consumer = $1 AND e.aggregate_id = $2 ORDER BY e.id`,
          [name, deal.body.id],
        );
        return found.length === 2 && found.every((r) => r.status !== 'pending') ? found : undefined;
      },
      5000,
      'both deliveries settled',
    );
    expect(got).toEqual(['deal.stage_changed']);
    expect(rows).toEqual([
      { type: 'deal.created', status: 'failed', attempts: 2, last_error: 'cannot handle this one' },
      { type: 'deal.stage_changed', status: 'done', attempts: 0, last_error: null },
    ]);
  });

  it('is only written by the CRM: a list call writes nothing', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM crm_events');
    expect((await readJson(t.request('/api/deals', { headers: vendor.headers }))).items).toBeDefined();
    expect(await db.query('SELECT count(*)::int AS n FROM crm_events')).toEqual(before);
  });
});
