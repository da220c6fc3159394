import { DataSource } from 'typeorm';
import { createFactory, Factory, TestUser } from '../support/factories';
import { readJson, startTestApp, TestApp } from '../support/test-app';

/**
 * Ids of another organization in bodies and list filters (ids in paths are covered cell by
 * cell by the RBAC matrix): every probe answers 404 or 403 and changes nothing anywhere.
 */
describe('cross-organization probes', () => {
  let t: TestApp;
  let f: Factory;
  let db: DataSource;
  let vendor: TestUser;
  let employee: TestUser;
  let customerUser: TestUser;
  const mine = {} as Record<'customer' | 'deal' | 'lead' | 'ticket' | 'invoice', string>;
  const theirs = {} as Record<'customer' | 'deal' | 'invoice' | 'user', string>;

  beforeAll(async () => {
    t = await startTestApp();
    f = createFactory(t.app);
    db = t.app.get(DataSource);
    const orgA = (await f.organization('Mine')).id;
    const orgB = (await f.organization('Theirs')).id;
    vendor = await f.user({ role: 'vendor', organizationId: orgA });
    employee = await f.user({ role: 'employee', organizationId: orgA });
    customerUser = await f.user({ role: 'customer', organizationId: orgA });
    mine.customer = (await f.customer({ organizationId: orgA })).id;
    mine.deal = (await f.deal({ organizationId: orgA, customerId: mine.customer, assigneeId: employee.id })).id;
    mine.lead = (await f.lead({ organizationId: orgA, assigneeId: employee.id })).id;
    mine.ticket = (await f.ticket({ organizationId: orgA, customerId: mine.customer })).id;
    mine.invoice = (await f.invoice({ organizationId: orgA, customerId: mine.customer })).id;
    const foreignVendor = await f.user({ role: 'vendor', organizationId: orgB });
    theirs.user = foreignVendor.id;
    theirs.customer = (await f.customer({ organizationId: orgB })).id;
    theirs.deal = (await f.deal({ organizationId: orgB, customerId: theirs.customer })).id;
    theirs.invoice = (await f.invoice({ organizationId: orgB, customerId: theirs.customer })).id;
  });
  afterAll(() => t.close());

  /** Every CRM row and event, as one comparable value. */
  async function snapshot(): Promise<unknown> {
    const tables = [
      'organizations',
      'users',
      'customers',
      'leads',
      'deals',
      'tickets',
      'ticket_comments',
      'invoices',
      'payments',
      'api_keys',
      'crm_events',
    ];
    const out: Record<string, unknown> = {};
    for (const table of tables) out[table] = await db.query(`SELECT * FROM ${table} ORDER BY 1`);
    return JSON.parse(JSON.stringify(out));
  }

  const probes: [string, () => TestUser, string, string, unknown?][] = [
    // [what, who, method, path, body]
    [
      'deal for their customer',
      () => vendor,
      'POST',
      '/api/deals',
      () => ({ title: 'x', customerId: theirs.customer }),
    ],
    [
      'deal assigned to their user',
      () => vendor,
      'POST',
      '/api/deals',
      () => ({ title: 'x', customerId: mine.customer, assigneeId: theirs.user }),
    ],
    ['my deal handed to their user', () => vendor, 'PATCH', '/api/deals/:deal', () => ({ assigneeId: theirs.user })],
    ['lead assigned to their user', () => vendor, 'POST', '/api/leads', () => ({ name: 'x', assigneeId: theirs.user })],
    [
      'lead converted into their customer',
      () => vendor,
      'POST',
      '/api/leads/:lead/convert',
      () => ({ customerId: theirs.customer }),
    ],
    [
      'ticket for their customer',
      () => vendor,
      'POST',
      '/api/tickets',
      () => ({ subject: 'x', customerId: theirs.customer }),
    ],
    [
      'ticket for their customer (employee)',
      () => employee,
      'POST',
      '/api/tickets',
      () => ({ subject: 'x', customerId: theirs.customer }),
    ],
    [
      'ticket for their customer (customer)',
      () => customerUser,
      'POST',
      '/api/tickets',
      () => ({ subject: 'x', customerId: theirs.customer }),
    ],
    [
      'invoice for their customer',
      () => vendor,
      'POST',
      '/api/invoices',
      () => ({ customerId: theirs.customer, amountMinor: 100 }),
    ],
    [
      'invoice on their deal',
      () => vendor,
      'POST',
      '/api/invoices',
      () => ({ customerId: mine.customer, dealId: theirs.deal, amountMinor: 100 }),
    ],
    [
      'payment on their invoice',
      () => vendor,
      'POST',
      '/api/payments',
      () => ({ invoiceId: theirs.invoice, amountMinor: 100 }),
    ],
    [
      'customer account for their customer',
      () => vendor,
      'POST',
      '/api/users',
      () => ({
        email: 'probe@example.test',
        name: 'x',
        password: 'a-long-password',
        role: 'customer',
        customerId: theirs.customer,
      }),
    ],
    [
      'customer with an organizationId',
      () => vendor,
      'POST',
      '/api/customers',
      () => ({ name: 'x', organizationId: 'their-org' }),
    ],
    ['deals filtered by their customer', () => vendor, 'GET', '/api/deals?customerId=:theirCustomer'],
    ['deals filtered by their user', () => vendor, 'GET', '/api/deals?assigneeId=:theirUser'],
    ['leads filtered by their user', () => employee, 'GET', '/api/leads?assigneeId=:theirUser'],
    ['tickets filtered by their customer', () => vendor, 'GET', '/api/tickets?customerId=:theirCustomer'],
    ['invoices filtered by their customer', () => vendor, 'GET', '/api/invoices?customerId=:theirCustomer'],
    ['payments filtered by their invoice', () => vendor, 'GET', '/api/payments?invoiceId=:theirInvoice'],
    ['payments filtered by their customer', () => employee, 'GET', '/api/payments?customerId=:theirCustomer'],
    ['invoices of another customer (customer)', () => customerUser, 'GET', '/api/invoices?customerId=:myCustomer'],
    ['their deal', () => vendor, 'GET', '/api/deals/:theirDeal'],
    ['their invoice, paid', () => vendor, 'PATCH', '/api/invoices/:theirInvoice', () => ({ status: 'void' })],
  ];

  it.each(probes.map((p) => [p[0], p] as const))(
    '%s: refused (404 or 403; 400 for a field that may not be sent), nothing changed',
    async (_name, [, who, method, rawPath, body]) => {
      const path = rawPath
        .replace(':deal', mine.deal)
        .replace(':lead', mine.lead)
        .replace(':theirCustomer', theirs.customer)
        .replace(':theirUser', theirs.user)
        .replace(':theirInvoice', theirs.invoice)
        .replace(':theirDeal', theirs.deal)
        .replace(':myCustomer', mine.customer);
      const before = await snapshot();
      const res = await t.request(path, {
        method,
        headers: who().headers,
        json: typeof body === 'function' ? (body as () => unknown)() : undefined,
      });
      const answer = await readJson(res);
      // Unknown fields such as organizationId are refused outright (400).
      const allowed = rawPath === '/api/customers' ? [400] : [403, 404];
      expect(allowed).toContain(res.status);
      expect(answer.error.code).toEqual(expect.any(String));
      expect(await snapshot()).toEqual(before);
    },
  );
});
