import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiKey } from '../../src/modules/crm/api-keys/api-key.entity';
import { hashApiKey } from '../../src/modules/crm/api-keys/api-keys.service';
import { createFactory, Factory, TestUser, unique } from '../support/factories';
import { Json, startTestApp, TestApp } from '../support/test-app';
import { MatrixRecord, MatrixRole, MatrixRow, parseMatrix, RBAC_MATRIX } from './rbac-matrix';

const ROLES: MatrixRole[] = ['vendor', 'employee', 'customer'];

interface Relation {
  organizationId: string;
  assigneeId: string | null;
  customerId: string;
}

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

/** How to build a target record and call each action of one resource. */
interface ResourceSpec {
  /** A record in the given relation to the actor; returns its id. */
  make(actor: TestUser, record: Exclude<MatrixRecord, null>): Promise<string>;
  call(action: string, actor: TestUser, id: string | null): Call;
}

describe('RBAC matrix: every role × resource × action × record', () => {
  let t: TestApp;
  let f: Factory;
  let db: DataSource;
  const actors = {} as Record<MatrixRole, TestUser>;
  let orgA: string;
  let orgB: string;
  let otherEmployee: TestUser;
  let otherVendor: TestUser;
  let foreignVendor: TestUser;
  let otherCustomerId: string;
  let foreignCustomerId: string;

  const rows = parseMatrix(RBAC_MATRIX);

  beforeAll(async () => {
    t = await startTestApp();
    f = createFactory(t.app);
    db = t.app.get(DataSource);
    orgA = (await f.organization('Org A')).id;
    orgB = (await f.organization('Org B')).id;
    actors.vendor = await f.user({ role: 'vendor', organizationId: orgA });
    actors.employee = await f.user({ role: 'employee', organizationId: orgA });
    actors.customer = await f.user({ role: 'customer', organizationId: orgA });
    otherEmployee = await f.user({ role: 'employee', organizationId: orgA });
    otherVendor = await f.user({ role: 'vendor', organizationId: orgA });
    foreignVendor = await f.user({ role: 'vendor', organizationId: orgB });
    otherCustomerId = (await f.customer({ organizationId: orgA })).id;
    foreignCustomerId = (await f.customer({ organizationId: orgB })).id;
  });
  afterAll(() => t.close());

  /** Who a record of the relation is assigned to and whose it is. */
  function relation(actor: TestUser, record: Exclude<MatrixRecord, null>): Relation {
    if (record === 'foreign') {
      return { organizationId: orgB, assigneeId: foreignVendor.id, customerId: foreignCustomerId };
    }
    if (record === 'other') return { organizationId: orgA, assigneeId: otherEmployee.id, customerId: otherCustomerId };
    return actor.role === 'customer'
      ? { organizationId: orgA, assigneeId: otherEmployee.id, customerId: actor.customerId! }
      : { organizationId: orgA, assigneeId: actor.id, customerId: otherCustomerId };
  }

  const crud =
    (path: string, createBody: (actor: TestUser) => unknown, updateBody: unknown) =>
    (action: string, actor: TestUser, id: string | null): Call => {
      switch (action) {
        case 'list':
          return { method: 'GET', path: `${path}?limit=100` };
        case 'get':
          return { method: 'GET', path: `${path}/${id}` };
        case 'create':
          return { method: 'POST', path, body: createBody(actor) };
        case 'update':
          return { method: 'PATCH', path: `${path}/${id}`, body: updateBody };
        case 'delete':
          return { method: 'DELETE', path: `${path}/${id}` };
        case 'convert':
          return { method: 'POST', path: `${path}/${id}/convert`, body: {} };
      }
      throw new Error(`No call for ${action} on ${path}`);
    };

  const specs: Record<string, ResourceSpec> = {
    users: {
      async make(actor, record) {
        if (record === 'own') return actor.id;
        return (await f.user({ role: 'employee', organizationId: record === 'foreign' ? orgB : orgA })).id;
      },
      call: crud(
        '/api/users',
        () => ({
          email: `${unique('new')}@example.test`,
          name: 'New Employee',
          password: 'a-long-password',
          role: 'employee',
        }),
        { name: 'Renamed' },
      ),
    },
    customers: {
      async make(actor, record) {
        if (record === 'own' && actor.role === 'customer') return actor.customerId!;
        return (await f.customer({ organizationId: record === 'foreign' ? orgB : orgA })).id;
      },
      call: crud('/api/customers', () => ({ name: unique('Customer') }), { notes: 'changed' }),
    },
    leads: {
      make: async (actor, record) => {
        const r = relation(actor, record);
        return (await f.lead({ organizationId: r.organizationId, assigneeId: r.assigneeId })).id;
      },
      call: crud('/api/leads', () => ({ name: unique('Lead') }), { notes: 'changed' }),
    },
    deals: {
      make: async (actor, record) => {
        const r = relation(actor, record);
        return (await f.deal(r)).id;
      },
      call: crud('/api/deals', () => ({ title: unique('Deal'), customerId: otherCustomerId }), { title: 'Renamed' }),
    },
    tickets: {
      make: async (actor, record) => (await f.ticket(relation(actor, record))).id,
      call: crud(
        '/api/tickets',
        (actor) => (actor.role === 'customer' ? { subject: 'Help' } : { subject: 'Help', customerId: otherCustomerId }),
        { subject: 'Renamed' },
      ),
    },
    'ticket comments': {
      make: async (actor, record) => (await f.ticket(relation(actor, record))).id,
      call: (action, _actor, id) =>
        action === 'list'
          ? { method: 'GET', path: `/api/tickets/${id}/comments` }
          : { method: 'POST', path: `/api/tickets/${id}/comments`, body: { body: 'A comment' } },
    },
    invoices: {
      make: async (actor, record) => {
        const r = relation(actor, record);
        return (await f.invoice({ organizationId: r.organizationId, customerId: r.customerId, status: 'draft' })).id;
      },
      call: crud('/api/invoices', () => ({ customerId: otherCustomerId, amountMinor: 1000 }), {
        description: 'changed',
      }),
    },
    payments: {
      make: async (actor, record) => {
        const r = relation(actor, record);
        const invoice = await f.invoice({ organizationId: r.organizationId, customerId: r.customerId, paidMinor: 100 });
        return (await f.payment({ invoice, amountMinor: 100 })).id;
      },
      call: crud('/api/payments', () => ({}), {}),
    },
    stats: {
      make: () => Promise.reject(new Error('stats have no records')),
      call: () => ({ method: 'GET', path: '/api/stats' }),
    },
    'api keys': {
      make: async (actor, record) => {
        const creator = record === 'own' ? actor : record === 'other' ? otherVendor : foreignVendor;
        const key = await db.getRepository(ApiKey).save({
          organizationId: creator.organizationId,
          name: unique('key'),
          prefix: 'tcrm_test',
          keyHash: hashApiKey(randomBytes(16).toString('hex')),
          createdById: creator.id,
        });
        return key.id;
      },
      call: crud('/api/api-keys', () => ({ name: 'integration' }), {}),
    },
  };

  /** A payment is created against an invoice in the given relation. */
  async function paymentCreateCall(actor: TestUser, record: Exclude<MatrixRecord, null>): Promise<Call> {
    const r = relation(actor, record);
    const invoice = await f.invoice({ organizationId: r.organizationId, customerId: r.customerId });
    return { method: 'POST', path: '/api/payments', body: { invoiceId: invoice.id, amountMinor: 100 } };
  }

  /** Changes anywhere in the CRM tables move this value. */
  async function fingerprint(): Promise<string> {
    const tables = ['users', 'customers', 'leads', 'deals', 'tickets', 'invoices'];
    const parts = [
      ...tables.map((name) => `(SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM ${name})`),
      `(SELECT count(*)::text FROM ticket_comments)`,
      `(SELECT count(*)::text FROM payments)`,
      `(SELECT count(*) || '/' || count(revoked_at) FROM api_keys)`,
      `(SELECT count(*)::text FROM crm_events)`,
    ];
    const rows: { f: string }[] = await db.query(`SELECT concat_ws(' ', ${parts.join(', ')}) AS f`);
    return rows[0].f;
  }

  async function send(actor: TestUser, call: Call): Promise<{ status: number; body: Json }> {
    const res = await t.request(call.path, {
      method: call.method,
      headers: actor.headers,
      json: call.body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function checkList(row: MatrixRow, role: MatrixRole): Promise<string | null> {
    const actor = actors[role];
    const spec = specs[row.resource];
    const expected = row.expected[role];
    const ids = {
      own: await spec.make(actor, 'own'),
      other: await spec.make(actor, 'other'),
      foreign: await spec.make(actor, 'foreign'),
    };
    const { status, body } = await send(actor, spec.call('list', actor, null));
    if (expected === '403') return status === 403 ? null : `status ${status}, expected 403`;
    if (status !== 200) return `status ${status}, expected 200`;
    const seen = new Set((body.items as { id: string }[]).map((i) => i.id));
    const visible = { own: seen.has(ids.own), other: seen.has(ids.other), foreign: seen.has(ids.foreign) };
    const want =
      expected === 'all' ? { own: true, other: true, foreign: false } : { own: true, other: false, foreign: false };
    if (expected === 'self' && seen.size !== 1) return `sees ${seen.size} users, expected only themselves`;
    return JSON.stringify(visible) === JSON.stringify(want)
      ? null
      : `sees ${JSON.stringify(visible)}, expected ${expected}`;
  }

  async function checkCell(row: MatrixRow, role: MatrixRole): Promise<string | null> {
    const actor = actors[role];
    const spec = specs[row.resource];
    const expected = Number(row.expected[role]);
    let call: Call;
    if (row.resource === 'payments' && row.action === 'create') {
      call = await paymentCreateCall(actor, row.record!);
    } else {
      const id = row.record ? await spec.make(actor, row.record) : null;
      call = spec.call(row.action, actor, id);
    }
    const before = await fingerprint();
    const { status, body } = await send(actor, call);
    if (status !== expected) return `status ${status} (${body?.error?.code ?? 'ok'}), expected ${expected}`;
    if (status >= 400) {
      if (typeof body?.error?.code !== 'string') return `error body ${JSON.stringify(body)} is not in the SPEC format`;
      if ((await fingerprint()) !== before) return `answered ${status} but changed stored data`;
    }
    return null;
  }

  const resources = [...new Set(rows.map((r) => r.resource))];

  it.each(resources)('%s: each cell answers as the table says and denials change nothing', async (resource) => {
    const mismatches: string[] = [];
    for (const row of rows.filter((r) => r.resource === resource)) {
      for (const role of ROLES) {
        const isVisibilityList = row.action === 'list' && row.record === null;
        const problem = isVisibilityList ? await checkList(row, role) : await checkCell(row, role);
        if (problem) mismatches.push(`${role} ${row.action} ${row.record ?? ''} ${resource}: ${problem}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('is the table printed in docs/rbac.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'rbac.md'), 'utf8');
    const match = /<!-- rbac-matrix:start -->([\s\S]*?)<!-- rbac-matrix:end -->/.exec(doc);
    expect(match).not.toBeNull();
    const normalize = (table: string): string[] =>
      table
        .trim()
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim());
    expect(normalize(match![1])).toEqual(normalize(RBAC_MATRIX));
  });
});
