/**
 * Every notification type, the variables its templates may use (with sample values for the
 * preview), and the templates shipped for it. An organization overrides a type per language
 * through the API; a template that names a variable not listed here is refused.
 */
export interface NotificationTypeDefinition {
  description: string;
  /** Variable name → sample value (the preview renders with these). */
  variables: Record<string, string>;
  /** Shipped templates by language; `en` is always there and is the last fallback. */
  defaults: { en: string } & Record<string, string>;
}

/** Every type may use these (filled in for each recipient). */
export const COMMON_VARIABLES: Record<string, string> = {
  'organization.name': 'Acme Corp',
  'recipient.name': 'Ann Morgan',
};

const TICKET: Record<string, string> = {
  'ticket.number': 'T-3F2A9C',
  'ticket.subject': 'Cannot open the invoice PDF',
  'ticket.status': 'open',
  'ticket.priority': 'high',
  'customer.name': 'Brightside Ltd',
  'actor.name': 'Ann Morgan',
};

const INVOICE: Record<string, string> = {
  'invoice.number': 'INV-000042',
  'invoice.amount': '$1,500.00',
  'invoice.balance': '$1,500.00',
  'invoice.due_date': '2026-12-01',
  'customer.name': 'Brightside Ltd',
};

export const NOTIFICATION_TYPES = {
  'ticket.created': {
    description: 'A ticket was opened (to its customer, and to its assignee or, unassigned, every staff user)',
    variables: { ...TICKET },
    defaults: {
      en: '🎫 <b>Ticket {{ticket.number}} opened</b>\n{{ticket.subject}}\nCustomer: {{customer.name}} · priority {{ticket.priority}}',
      ru: '🎫 <b>Открыта заявка {{ticket.number}}</b>\n{{ticket.subject}}\nКлиент: {{customer.name}} · приоритет {{ticket.priority}}',
    },
  },
  'ticket.commented': {
    description: 'A comment on a ticket (to the other side: the customer, or the assignee or every staff user)',
    variables: { ...TICKET, 'comment.author': 'Ann Morgan', 'comment.body': 'We are looking into it.' },
    defaults: {
      en: '💬 <b>{{comment.author}}</b> on ticket {{ticket.number}} «{{ticket.subject}}»:\n{{comment.body}}',
      ru: '💬 <b>{{comment.author}}</b> в заявке {{ticket.number}} «{{ticket.subject}}»:\n{{comment.body}}',
    },
  },
  'ticket.status_changed': {
    description: "A ticket's status changed (to its customer)",
    variables: { ...TICKET, 'status.from': 'open', 'status.to': 'resolved' },
    defaults: {
      en: 'Ticket {{ticket.number}} «{{ticket.subject}}» is now <b>{{status.to}}</b> (was {{status.from}}).',
      ru: 'Заявка {{ticket.number}} «{{ticket.subject}}» теперь в статусе <b>{{status.to}}</b> (был {{status.from}}).',
    },
  },
  'invoice.created': {
    description: 'An invoice was issued (to its customer; drafts only once they are sent)',
    variables: { ...INVOICE },
    defaults: {
      en: '🧾 <b>Invoice {{invoice.number}}</b> for {{invoice.amount}}\nDue: {{invoice.due_date}}',
      ru: '🧾 <b>Счёт {{invoice.number}}</b> на {{invoice.amount}}\nОплатить до: {{invoice.due_date}}',
    },
  },
  'invoice.due_soon': {
    description: 'Reminder: an unpaid invoice is due in 3 days (to its customer, once per invoice)',
    variables: { ...INVOICE },
    defaults: {
      en: '⏰ Invoice {{invoice.number}} is due on <b>{{invoice.due_date}}</b>: {{invoice.balance}} left to pay.',
      ru: '⏰ Счёт {{invoice.number}} нужно оплатить до <b>{{invoice.due_date}}</b>: осталось {{invoice.balance}}.',
    },
  },
  'invoice.overdue': {
    description: 'Reminder: an unpaid invoice is past its due date (to its customer, once per invoice)',
    variables: { ...INVOICE },
    defaults: {
      en: '⚠️ Invoice {{invoice.number}} was due on {{invoice.due_date}} and is <b>overdue</b>: {{invoice.balance}} left to pay.',
      ru: '⚠️ Счёт {{invoice.number}} нужно было оплатить до {{invoice.due_date}}, он <b>просрочен</b>: осталось {{invoice.balance}}.',
    },
  },
  'deal.stage_changed': {
    description: 'A deal moved to another stage (to its assignee, unless they moved it)',
    variables: {
      'deal.title': 'Website redesign',
      'deal.amount': '$12,000.00',
      'stage.from': 'proposal',
      'stage.to': 'negotiation',
      'customer.name': 'Brightside Ltd',
      'actor.name': 'Victor Vendor',
    },
    defaults: {
      en: '📈 Deal «{{deal.title}}» ({{deal.amount}}) moved from {{stage.from}} to <b>{{stage.to}}</b> by {{actor.name}}.',
      ru: '📈 Сделка «{{deal.title}}» ({{deal.amount}}) перешла из {{stage.from}} в <b>{{stage.to}}</b> ({{actor.name}}).',
    },
  },
  'payment.recorded': {
    description: 'A payment was recorded (to every vendor of the organization)',
    variables: {
      'payment.amount': '$500.00',
      'payment.method': 'bank_transfer',
      'invoice.number': 'INV-000042',
      'invoice.balance': '$1,000.00',
      'customer.name': 'Brightside Ltd',
    },
    defaults: {
      en: '💰 <b>{{payment.amount}}</b> received from {{customer.name}} for invoice {{invoice.number}} ({{payment.method}}). Left to pay: {{invoice.balance}}.',
      ru: '💰 <b>{{payment.amount}}</b> от {{customer.name}} по счёту {{invoice.number}} ({{payment.method}}). Осталось оплатить: {{invoice.balance}}.',
    },
  },
  'lead.created': {
    description: 'A new lead (to every vendor of the organization, except who added it)',
    variables: {
      'lead.name': 'Dana Fox',
      'lead.company': 'Fox & Sons',
      'lead.email': 'dana@example.com',
      'lead.source': 'website',
      'actor.name': 'Ann Morgan',
    },
    defaults: {
      en: '🌱 <b>New lead</b>: {{lead.name}} ({{lead.company}}), from {{lead.source}}.',
      ru: '🌱 <b>Новый лид</b>: {{lead.name}} ({{lead.company}}), источник: {{lead.source}}.',
    },
  },
  digest: {
    description: "Daily digest of a staff user's open tickets and deals (in their own hour, 09:00 by default)",
    variables: {
      'user.name': 'Ann Morgan',
      'tickets.count': '2',
      'deals.count': '1',
      'tickets.list': '• T-3F2A9C Cannot open the invoice PDF (high)\n• T-81BD02 Change of address (normal)',
      'deals.list': '• Website redesign — negotiation, $12,000.00',
    },
    defaults: {
      en: '☀️ Good morning, {{user.name}}! Open tickets: <b>{{tickets.count}}</b>, open deals: <b>{{deals.count}}</b>.\n\n{{tickets.list}}\n\n{{deals.list}}',
      ru: '☀️ Доброе утро, {{user.name}}! Открытых заявок: <b>{{tickets.count}}</b>, открытых сделок: <b>{{deals.count}}</b>.\n\n{{tickets.list}}\n\n{{deals.list}}',
    },
  },
  direct: {
    description: 'A message a staff user writes to one person through the API',
    variables: { 'sender.name': 'Ann Morgan', 'message.text': 'Your order shipped today.' },
    defaults: {
      en: '<b>{{sender.name}}</b> · {{organization.name}}\n\n{{message.text}}',
    },
  },
  broadcast: {
    description: 'A message to a segment (all linked customers, customers with open invoices, a list)',
    variables: { 'sender.name': 'Ann Morgan', 'message.text': 'We are closed on Monday for the holiday.' },
    defaults: {
      en: '<b>{{organization.name}}</b>\n\n{{message.text}}',
    },
  },
} satisfies Record<string, NotificationTypeDefinition>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;

export const NOTIFICATION_TYPE_NAMES = Object.keys(NOTIFICATION_TYPES) as NotificationType[];

export function isNotificationType(value: unknown): value is NotificationType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(NOTIFICATION_TYPES, value);
}

/** The variables a template of `type` may use: the type's own and the common ones. */
export function variablesOf(type: NotificationType): Record<string, string> {
  return { ...COMMON_VARIABLES, ...NOTIFICATION_TYPES[type].variables };
}
