import { DataSource } from 'typeorm';
import { DemoSeedService } from '../../src/modules/crm/seed/demo-seed.service';
import { Json, readJson, startTestApp, TestApp } from '../support/test-app';

const COUNTED = [
  'organizations',
  'users',
  'customers',
  'leads',
  'deals',
  'tickets',
  'ticket_comments',
  'invoices',
  'payments',
];

async function counts(db: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of COUNTED) out[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  return out;
}

describe('seed data', () => {
  describe('in tests', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('seeds nothing by itself', async () => {
      expect(t.app.get(DemoSeedService).result()).toBeNull();
      expect((await counts(t.app.get(DataSource))).organizations).toBe(0);
    });

    it('creates the demo organization once, however often and however concurrently it runs', async () => {
      const seed = t.app.get(DemoSeedService);
      const [first, concurrent] = await Promise.all([seed.seedDemo(), seed.seedDemo()]);
      const created = [first, concurrent].filter((r) => r.created);
      expect(created).toHaveLength(1);
      expect(concurrent.logins).toEqual(first.logins);
      const afterFirst = await counts(t.app.get(DataSource));
      expect(afterFirst).toEqual({
        organizations: 1,
        users: 3,
        customers: 5,
        leads: 4,
        deals: 6,
        tickets: 4,
        ticket_comments: 2,
        invoices: 4,
        payments: 2,
      });
      const again = await seed.seedDemo();
      expect(again.created).toBe(false);
      expect(again.logins).toEqual(first.logins);
      expect(await counts(t.app.get(DataSource))).toEqual(afterFirst);
    });

    it('gives working logins for each role, with the role’s view of the demo data', async () => {
      const { logins } = await t.app.get(DemoSeedService).seedDemo();
      expect(logins.map((l) => l.role)).toEqual(['vendor', 'employee', 'customer']);
      const tokens: Record<string, string> = {};
      for (const login of logins) {
        const res = await t.request('/api/auth/login', {
          method: 'POST',
          json: { email: login.email, password: login.password },
        });
        expect({ role: login.role, status: res.status }).toEqual({ role: login.role, status: 200 });
        tokens[login.role] = (await readJson(res)).accessToken;
      }
      const get = (role: string, path: string): Promise<Json> =>
        readJson(t.request(path, { headers: { authorization: `Bearer ${tokens[role]}` } }));
      const stages = (await get('vendor', '/api/deals')).items.map((d: Json) => d.stage).sort();
      expect(stages).toEqual(['lost', 'negotiation', 'new', 'proposal', 'qualified', 'won']);
      expect((await get('employee', '/api/deals?assigneeId=me')).total).toBe(4);
      const customerTickets = await get('customer', '/api/tickets');
      expect(customerTickets.total).toBe(2);
      expect((await get('customer', '/api/invoices')).items.map((i: Json) => i.status)).toEqual(['sent']);
      expect((await t.request('/api/deals', { headers: { authorization: `Bearer ${tokens.customer}` } })).status).toBe(
        403,
      );
    });

    it('creates the bootstrap vendor once, even if its variables change later', async () => {
      const seed = t.app.get(DemoSeedService);
      const first = await seed.seedBootstrapAdmin('Admin@Company.test', 'first-password-123');
      expect(first).toMatchObject({ kind: 'bootstrap-admin', created: true, organizationName: 'company.test' });
      expect(first.logins[0]).not.toHaveProperty('password');
      const second = await seed.seedBootstrapAdmin('other@company.test', 'second-password-123');
      expect(second.created).toBe(false);
      const db = t.app.get(DataSource);
      expect(await db.query(`SELECT email, role FROM users WHERE email LIKE '%company.test'`)).toEqual([
        { email: 'admin@company.test', role: 'vendor' },
      ]);
      const login = await t.request('/api/auth/login', {
        method: 'POST',
        json: { email: 'admin@company.test', password: 'first-password-123' },
      });
      expect(login.status).toBe(200);
    });
  });

  describe('at start-up outside tests', () => {
    it('seeds the demo in local mode and exposes the logins for the start banner', async () => {
      const t = await startTestApp({ NODE_ENV: 'development' });
      try {
        const result = t.app.get(DemoSeedService).result();
        expect(result).toMatchObject({ kind: 'demo', created: true, organizationName: 'Demo Company' });
        expect(result!.logins.every((l) => typeof l.password === 'string' && l.password.length >= 8)).toBe(true);
      } finally {
        await t.close();
      }
    });

    it('creates only the bootstrap vendor when BOOTSTRAP_ADMIN_* are set', async () => {
      const t = await startTestApp({
        NODE_ENV: 'development',
        BOOTSTRAP_ADMIN_EMAIL: 'boss@prod.test',
        BOOTSTRAP_ADMIN_PASSWORD: 'a-strong-password',
      });
      try {
        expect(t.app.get(DemoSeedService).result()).toMatchObject({ kind: 'bootstrap-admin', created: true });
        const c = await counts(t.app.get(DataSource));
        expect([c.organizations, c.users, c.customers, c.deals]).toEqual([1, 1, 0, 0]);
      } finally {
        await t.close();
      }
    });
  });
});
