import { TestUser } from '../support/factories';
import { NotifyKit, startNotifyKit, WAIT } from './notify-kit';

// Templates per type and language: shipped defaults, an organization's own wording, checked on save.
describe('notification templates', () => {
  let kit: NotifyKit;
  let vendor: TestUser;
  let employee: TestUser;

  beforeAll(async () => {
    kit = await startNotifyKit('templates_notify_bot');
    vendor = await kit.factory.user({ role: 'vendor' });
    employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
  });
  afterAll(() => kit.close());

  it('lists every type with its variables and shipped templates', async () => {
    const { status, body } = await kit.api(employee, 'GET', '/api/notifications/templates');
    expect(status).toBe(200);
    const types = body.map((t: { type: string }) => t.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'ticket.commented',
        'ticket.status_changed',
        'invoice.created',
        'invoice.due_soon',
        'invoice.overdue',
        'deal.stage_changed',
        'payment.recorded',
        'lead.created',
        'digest',
        'direct',
        'broadcast',
      ]),
    );
    for (const type of body) expect(type.templates.some((t: { language: string }) => t.language === 'en')).toBe(true);
    const ticket = body.find((t: { type: string }) => t.type === 'ticket.created');
    expect(ticket.variables).toEqual(expect.arrayContaining(['ticket.number', 'ticket.subject', 'recipient.name']));
    expect(ticket.templates.map((t: { language: string; isDefault: boolean }) => [t.language, t.isDefault])).toEqual([
      ['en', true],
      ['ru', true],
    ]);
  });

  it('previews a template with sample data, escaped, as Telegram would get it', async () => {
    const { status, body } = await kit.api(employee, 'POST', '/api/notifications/templates/preview', {
      type: 'ticket.created',
      body: '<b>{{ticket.number}}</b>: {{ticket.subject}}',
      variables: { 'ticket.subject': 'Fish & <chips>' },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      type: 'ticket.created',
      language: 'en',
      body: '<b>{{ticket.number}}</b>: {{ticket.subject}}',
      html: '<b>T-3F2A9C</b>: Fish &amp; &lt;chips&gt;',
      length: 24,
    });
  });

  it('refuses a template that names an unknown variable or that Telegram would refuse, saying why', async () => {
    const unknown = await kit.api(vendor, 'POST', '/api/notifications/templates', {
      type: 'invoice.due_soon',
      language: 'de',
      body: 'Rechnung {{invoice.number}} über {{invoice.total}}',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.body.error.details[0].field).toBe('body');
    expect(unknown.body.error.details[0].problems[0]).toMatch(/^unknown variable \{\{invoice\.total\}\}; known: /);

    const badHtml = await kit.api(vendor, 'POST', '/api/notifications/templates', {
      type: 'invoice.due_soon',
      language: 'de',
      body: '<b>Rechnung {{invoice.number}}<br>',
    });
    expect(badHtml.body.error.details[0].problems).toEqual([
      expect.stringContaining('unsupported tag <br>'),
      '<b> is never closed',
    ]);
    const employeeTries = await kit.api(employee, 'POST', '/api/notifications/templates', {
      type: 'invoice.due_soon',
      language: 'de',
      body: 'x',
    });
    expect(employeeTries.status).toBe(403);
  });

  it("a vendor's own template in German reaches a German-speaking client; removing it brings back the default", async () => {
    const created = await kit.api(vendor, 'POST', '/api/notifications/templates', {
      type: 'ticket.status_changed',
      language: 'de',
      body: 'Ticket {{ticket.number}} ist jetzt <b>{{status.to}}</b>, {{recipient.name}}.',
    });
    expect(created.status).toBe(201);
    const again = await kit.api(vendor, 'POST', '/api/notifications/templates', {
      type: 'ticket.status_changed',
      language: 'de',
      body: 'x',
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'TEMPLATE_EXISTS']);

    const client = await kit.factory.customer({ organizationId: vendor.organizationId, name: 'Müller GmbH' });
    const müller = await kit.linkClient(client.id, vendor, { languageCode: 'de' });
    const ticket = await kit.factory.ticket({ organizationId: vendor.organizationId, customerId: client.id });
    const number = `T-${ticket.id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;

    await kit.api(vendor, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'in_progress' });
    expect((await müller.chat.nextBotMessage(WAIT)).text).toBe(`Ticket ${number} ist jetzt in_progress, Müller GmbH.`);

    const changed = await kit.api(vendor, 'PATCH', `/api/notifications/templates/${created.body.id}`, {
      body: 'Neu: {{ticket.number}} → {{status.to}}',
    });
    expect(changed.status).toBe(200);
    expect((await kit.api(vendor, 'DELETE', `/api/notifications/templates/${created.body.id}`)).status).toBe(204);
    // Without a German template, English (the last fallback) is used.
    await kit.api(vendor, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'resolved' });
    expect((await müller.chat.nextBotMessage(WAIT)).text).toBe(
      `Ticket ${number} «${ticket.subject}» is now resolved (was in_progress).`,
    );
  });
});
