import { DataSource } from 'typeorm';
import { AuthException } from '../../src/modules/auth/auth.exception';
import { CRM_PORT, CrmPort } from '../../src/modules/crm/crm.port';
import { CrmException } from '../../src/modules/crm/crm.exception';
import { InvoicesService } from '../../src/modules/crm/invoices/invoices.service';
import { createFactory, Factory, TestUser } from '../support/factories';
import { Json, readJson, startTestApp, TestApp } from '../support/test-app';

describe('the CRM REST API', () => {
  let t: TestApp;
  let f: Factory;
  let db: DataSource;
  let vendor: TestUser;
  let employee: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    f = createFactory(t.app);
    db = t.app.get(DataSource);
    vendor = await f.user({ role: 'vendor' });
    employee = await f.user({ role: 'employee', organizationId: vendor.organizationId });
  });
  afterAll(() => t.close());

  const api = async (
    method: string,
    path: string,
    json?: unknown,
    user = vendor,
  ): Promise<{ status: number; body: Json }> => {
    const res = await t.request(path, { method, headers: user.headers, json });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  describe('leads', () => {
    it('converts a lead into a customer and a deal, once', async () => {
      const lead = await api(
        'POST',
        '/api/leads',
        { name: 'John Smith', email: 'John@Smith.test', company: 'Smith & Sons', source: 'Facebook' },
        employee,
      );
      expect(lead.status).toBe(201);
      expect(lead.body).toMatchObject({
        status: 'new',
        source: 'facebook',
        email: 'john@smith.test',
        assigneeId: employee.id,
      });

      const converted = await api(
        'POST',
        `/api/leads/${lead.body.id}/convert`,
        { amountMinor: 150000, currency: 'EUR' },
        employee,
      );
      expect(converted.status).toBe(200);
      expect(converted.body.customer).toMatchObject({ name: 'Smith & Sons', email: 'john@smith.test' });
      expect(converted.body.deal).toMatchObject({
        title: 'Smith & Sons',
        stage: 'qualified',
        amountMinor: 150000,
        currency: 'EUR',
        customerId: converted.body.customer.id,
        assigneeId: employee.id,
      });
      expect(converted.body.lead).toMatchObject({
        status: 'converted',
        convertedCustomerId: converted.body.customer.id,
        convertedDealId: converted.body.deal.id,
      });
      const again = await api('POST', `/api/leads/${lead.body.id}/convert`, {}, employee);
      expect([again.status, again.body.error.code]).toEqual([409, 'LEAD_ALREADY_CONVERTED']);
    });

    it("reuses the organization's customer with the lead's email", async () => {
      const existing = await api('POST', '/api/customers', { name: 'Known', email: 'known@buyer.test' });
      const lead = await api('POST', '/api/leads', { name: 'Known Person', email: 'known@buyer.test' });
      const converted = await api('POST', `/api/leads/${lead.body.id}/convert`, { dealTitle: 'Repeat order' });
      expect(converted.body.customer.id).toBe(existing.body.id);
      expect(converted.body.deal.title).toBe('Repeat order');
    });
  });

  describe('deals', () => {
    it('filters by stage and assignee (me), and stamps closedAt when won or lost', async () => {
      const customer = await f.customer({ organizationId: vendor.organizationId });
      const mineDeal = await api(
        'POST',
        '/api/deals',
        { title: 'Mine', customerId: customer.id, stage: 'proposal' },
        employee,
      );
      await api('POST', '/api/deals', { title: 'Vendor', customerId: customer.id, stage: 'proposal' });
      const mineOnly = await api('GET', '/api/deals?assigneeId=me&stage=proposal', undefined, employee);
      expect(mineOnly.body.items.map((d: Json) => d.id)).toEqual([mineDeal.body.id]);

      const won = await api('PATCH', `/api/deals/${mineDeal.body.id}`, { stage: 'won' }, employee);
      expect(won.body.closedAt).not.toBeNull();
      const reopened = await api('PATCH', `/api/deals/${mineDeal.body.id}`, { stage: 'negotiation' }, employee);
      expect(reopened.body.closedAt).toBeNull();
    });

    it('does not let an employee hand their deal to a colleague', async () => {
      const colleague = await f.user({ role: 'employee', organizationId: vendor.organizationId });
      const deal = await f.deal({ organizationId: vendor.organizationId, assigneeId: employee.id });
      const res = await api('PATCH', `/api/deals/${deal.id}`, { assigneeId: colleague.id }, employee);
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
      expect((await api('PATCH', `/api/deals/${deal.id}`, { assigneeId: colleague.id })).body.assigneeId).toBe(
        colleague.id,
      );
    });

    it('assigns only to active staff', async () => {
      const customerUser = await f.user({ role: 'customer', organizationId: vendor.organizationId });
      const customer = await f.customer({ organizationId: vendor.organizationId });
      const res = await api('POST', '/api/deals', { title: 'x', customerId: customer.id, assigneeId: customerUser.id });
      expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_ASSIGNEE']);
    });
  });

  describe('invoices and payments', () => {
    it('numbers invoices per organization', async () => {
      const other = await f.user({ role: 'vendor' });
      const mineCustomer = await f.customer({ organizationId: vendor.organizationId });
      const theirCustomer = await f.customer({ organizationId: other.organizationId });
      const a = await api('POST', '/api/invoices', { customerId: mineCustomer.id, amountMinor: 100 });
      const b = await api('POST', '/api/invoices', { customerId: mineCustomer.id, amountMinor: 100 });
      const c = await api('POST', '/api/invoices', { customerId: theirCustomer.id, amountMinor: 100 }, other);
      const n = (x: Json): number => Number(x.body.number.replace('INV-', ''));
      expect(n(b)).toBe(n(a) + 1);
      expect(c.body.number).toBe('INV-000001');
    });

    it("records payments: the invoice's paid amount and status follow, and deleting one undoes it", async () => {
      const customer = await f.customer({ organizationId: vendor.organizationId });
      const invoice = await api('POST', '/api/invoices', {
        customerId: customer.id,
        amountMinor: 10000,
        currency: 'GBP',
      });
      const onDraft = await api('POST', '/api/payments', { invoiceId: invoice.body.id, amountMinor: 100 });
      expect([onDraft.status, onDraft.body.error.code]).toEqual([409, 'INVOICE_NOT_PAYABLE']);
      expect((await api('PATCH', `/api/invoices/${invoice.body.id}`, { status: 'sent' })).body.status).toBe('sent');

      const part = await api('POST', '/api/payments', {
        invoiceId: invoice.body.id,
        amountMinor: 4000,
        method: 'card',
      });
      expect(part.status).toBe(201);
      expect(part.body.invoice).toMatchObject({ status: 'sent', paidMinor: 4000, balanceMinor: 6000 });
      expect(part.body.payment).toMatchObject({ currency: 'GBP', method: 'card', customerId: customer.id });

      const wrongCurrency = await api('POST', '/api/payments', {
        invoiceId: invoice.body.id,
        amountMinor: 100,
        currency: 'USD',
      });
      expect([wrongCurrency.status, wrongCurrency.body.error.code]).toEqual([400, 'CURRENCY_MISMATCH']);
      const tooMuch = await api('POST', '/api/payments', { invoiceId: invoice.body.id, amountMinor: 6001 });
      expect([tooMuch.status, tooMuch.body.error.code]).toEqual([400, 'PAYMENT_EXCEEDS_BALANCE']);

      const rest = await api('POST', '/api/payments', { invoiceId: invoice.body.id, amountMinor: 6000 });
      expect(rest.body.invoice).toMatchObject({ status: 'paid', paidMinor: 10000, balanceMinor: 0 });
      expect(rest.body.invoice.paidAt).not.toBeNull();
      const voidPaid = await api('PATCH', `/api/invoices/${invoice.body.id}`, { status: 'void' });
      expect([voidPaid.status, voidPaid.body.error.code]).toEqual([409, 'INVALID_STATUS_TRANSITION']);

      expect((await api('DELETE', `/api/payments/${rest.body.payment.id}`)).status).toBe(204);
      expect((await api('GET', `/api/invoices/${invoice.body.id}`)).body).toMatchObject({
        status: 'sent',
        paidMinor: 4000,
        paidAt: null,
      });
      const deleteSent = await api('DELETE', `/api/invoices/${invoice.body.id}`);
      expect([deleteSent.status, deleteSent.body.error.code]).toEqual([409, 'INVOICE_LOCKED']);
      const changeAmount = await api('PATCH', `/api/invoices/${invoice.body.id}`, { amountMinor: 1 });
      expect([changeAmount.status, changeAmount.body.error.code]).toEqual([409, 'INVOICE_LOCKED']);
    });

    it('marks sent invoices past their due date overdue, once', async () => {
      const customer = await f.customer({ organizationId: vendor.organizationId });
      const late = await api('POST', '/api/invoices', {
        customerId: customer.id,
        amountMinor: 500,
        status: 'sent',
        dueDate: '2001-02-03',
      });
      const onTime = await api('POST', '/api/invoices', {
        customerId: customer.id,
        amountMinor: 500,
        status: 'sent',
        dueDate: '2999-01-01',
      });
      const marked = await t.app.get(InvoicesService).markOverdueInvoices();
      expect(marked.map((i) => i.id)).toContain(late.body.id);
      expect(marked.map((i) => i.id)).not.toContain(onTime.body.id);
      expect((await api('GET', `/api/invoices/${late.body.id}`)).body.status).toBe('overdue');
      expect((await t.app.get(InvoicesService).markOverdueInvoices()).map((i) => i.id)).not.toContain(late.body.id);
      // A new due date in the future lifts the mark.
      expect((await api('PATCH', `/api/invoices/${late.body.id}`, { dueDate: '2999-12-31' })).body.status).toBe('sent');
    });

    it('refuses to delete a customer that has invoices', async () => {
      const customer = await f.customer({ organizationId: vendor.organizationId });
      await f.invoice({ organizationId: vendor.organizationId, customerId: customer.id });
      const res = await api('DELETE', `/api/customers/${customer.id}`);
      expect([res.status, res.body.error.code]).toEqual([409, 'CUSTOMER_IN_USE']);
      expect((await api('GET', `/api/customers/${customer.id}`)).status).toBe(200);
    });
  });

  describe('stats', () => {
    it('counts the pipeline by stage, this month’s revenue, open tickets and overdue invoices', async () => {
      const owner = await f.user({ role: 'vendor' });
      const org = owner.organizationId;
      const customer = await f.customer({ organizationId: org });
      await f.deal({ organizationId: org, customerId: customer.id, stage: 'won', amountMinor: 1000 });
      await f.deal({ organizationId: org, customerId: customer.id, stage: 'won', amountMinor: 500, currency: 'EUR' });
      const open = await f.deal({ organizationId: org, customerId: customer.id, stage: 'proposal', amountMinor: 700 });
      await f.ticket({ organizationId: org, customerId: customer.id, status: 'open' });
      await f.ticket({ organizationId: org, customerId: customer.id, status: 'in_progress' });
      await f.ticket({ organizationId: org, customerId: customer.id, status: 'closed' });
      const invoice = await f.invoice({
        organizationId: org,
        customerId: customer.id,
        status: 'overdue',
        amountMinor: 900,
        paidMinor: 200,
      });
      await f.payment({ invoice, amountMinor: 200 });
      await f.payment({ invoice, amountMinor: 300, paidAt: new Date('2001-01-01') });

      const stats = await api('GET', '/api/stats', undefined, owner);
      expect(stats.status).toBe(200);
      const stage = (name: string): Json => stats.body.pipeline.find((p: Json) => p.stage === name);
      expect(stats.body.pipeline.map((p: Json) => p.stage)).toEqual([
        'new',
        'qualified',
        'proposal',
        'negotiation',
        'won',
        'lost',
      ]);
      expect(stage('won')).toEqual({
        stage: 'won',
        count: 2,
        totals: [
          { currency: 'EUR', amountMinor: 500 },
          { currency: 'USD', amountMinor: 1000 },
        ],
      });
      expect(stage('proposal')).toMatchObject({ count: 1, totals: [{ currency: 'USD', amountMinor: 700 }] });
      expect(stats.body.revenueThisMonth.totals).toEqual([{ currency: 'USD', amountMinor: 200 }]);
      expect(stats.body.openTickets).toBe(2);
      expect(stats.body.overdueInvoices).toEqual({ count: 1, outstanding: [{ currency: 'USD', amountMinor: 700 }] });

      await api('PATCH', `/api/deals/${open.id}`, { stage: 'won' }, owner);
      const after = await api('GET', '/api/stats', undefined, owner);
      expect(after.body.pipeline.find((p: Json) => p.stage === 'won').count).toBe(3);
      expect(after.body.pipeline.find((p: Json) => p.stage === 'proposal').count).toBe(0);
    });
  });

  describe('lists and input', () => {
    it('pages with limit and offset and reports the total', async () => {
      const owner = await f.user({ role: 'vendor' });
      for (let i = 0; i < 5; i++) await f.customer({ organizationId: owner.organizationId, name: `C${i}` });
      const page = await api('GET', '/api/customers?limit=2&offset=1', undefined, owner);
      expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
      expect(page.body.items.map((c: Json) => c.name)).toEqual(['C3', 'C2']);
      expect(
        (await api('GET', '/api/customers?search=c4', undefined, owner)).body.items.map((c: Json) => c.name),
      ).toEqual(['C4']);
    });

    it.each([
      ['limit above 100', '/api/deals?limit=101', 'limit'],
      ['limit not a number', '/api/deals?limit=abc', 'limit'],
      ['negative offset', '/api/deals?offset=-1', 'offset'],
      ['unknown stage', '/api/deals?stage=dreaming', 'stage'],
      ['assignee neither a uuid nor me', '/api/deals?assigneeId=bob', 'assigneeId'],
      ['an id that is not a uuid', '/api/deals/42', 'id'],
    ])('answers 400 VALIDATION_FAILED naming the field for %s', async (_name, path, field) => {
      const res = await api('GET', path);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: Json) => d.field)).toEqual([field]);
    });

    it('lists every bad field of a body and refuses unknown ones', async () => {
      const res = await api('POST', '/api/deals', {
        title: '',
        customerId: 'nope',
        amountMinor: -5,
        currency: 'dollars',
        colour: 'red',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: Json) => d.field).sort()).toEqual([
        'amountMinor',
        'colour',
        'currency',
        'customerId',
        'title',
      ]);
    });
  });

  describe('the CrmPort (what the bot and AI tools call)', () => {
    let crm: CrmPort;
    beforeAll(() => {
      crm = t.app.get<CrmPort>(CRM_PORT);
    });

    it('applies the same rules as the REST API', async () => {
      const customerUser = await f.user({ role: 'customer', organizationId: vendor.organizationId });
      await expect(crm.listDeals(customerUser.actor)).rejects.toBeInstanceOf(AuthException);
      const lead = await crm.createLead(employee.actor, { name: 'From the bot', source: 'telegram' });
      expect(lead.assigneeId).toBe(employee.id);
      const foreign = await f.user({ role: 'vendor' });
      await expect(crm.getLead(foreign.actor, lead.id)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
      const ticket = await crm.createTicket(customerUser.actor, { subject: 'Help from Telegram' });
      expect(ticket.customerId).toBe(customerUser.customerId);
      const comment = await crm.addTicketComment(employee.actor, ticket.id, { body: 'Looking' });
      expect(comment).toMatchObject({ authorId: employee.id, authorName: employee.name, authorRole: 'employee' });
      const mine = await crm.listTickets(customerUser.actor);
      expect(mine.items.map((x) => x.id)).toEqual([ticket.id]);
    });

    it('validates input that did not come through HTTP', async () => {
      const error = await crm.createLead(employee.actor, { name: '', email: 'nope' } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrmException);
      expect((error as CrmException).code).toBe('VALIDATION_FAILED');
      expect(((error as CrmException).details as { field: string }[]).map((d) => d.field).sort()).toEqual([
        'email',
        'name',
      ]);
      await expect(crm.getDeal(vendor.actor, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('finds users, checks passwords and tells a disabled account apart', async () => {
      const user = await f.user({ role: 'employee', password: 'port-password' });
      expect(await crm.findUserByEmail(user.email.toUpperCase())).toMatchObject({ id: user.id, role: 'employee' });
      expect(await crm.verifyCredentials(user.email, 'port-password')).toMatchObject({
        ok: true,
        user: { id: user.id },
      });
      expect(await crm.verifyCredentials(user.email, 'wrong')).toEqual({ ok: false, reason: 'invalid' });
      await db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
      expect(await crm.verifyCredentials(user.email, 'port-password')).toEqual({ ok: false, reason: 'disabled' });
      expect(await crm.getActor(user.id)).toBeNull();
      expect((await crm.getProfile(vendor.actor)).organization.id).toBe(vendor.organizationId);
    });
  });

  it('documents every route in OpenAPI with bearer and API-key security', async () => {
    const doc = await readJson(t.request('/api/docs/json'));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    for (const path of [
      '/api/auth/login',
      '/api/users',
      '/api/customers',
      '/api/leads/{id}/convert',
      '/api/deals',
      '/api/tickets/{id}/comments',
      '/api/invoices',
      '/api/payments',
      '/api/stats',
      '/api/api-keys',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths['/api/deals'].get.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
    expect(doc.paths['/api/deals'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/DealPageDto',
    );
  });
});
