import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CrmEventConsumerRegistry } from '../../crm/events/crm-event-consumer.registry';
import type { CrmEventMessage, CrmEventType } from '../../crm/events/crm-event.types';
import { CrmDirectory } from '../crm/crm-directory.service';
import { PRIORITY, RecipientType } from '../notifications.constants';
import { NotificationRequest, OutboxService, VariableValues } from '../outbox/outbox.service';
import { NotificationType } from '../templates/notification-types';
import { formatMoney, ticketNumber } from '../templates/formatting';

export const NOTIFICATIONS_CONSUMER = 'notifications';

const HANDLED: CrmEventType[] = [
  'ticket.created',
  'ticket.commented',
  'ticket.status_changed',
  'invoice.created',
  'invoice.status_changed',
  'deal.stage_changed',
  'payment.recorded',
  'lead.created',
];

// Event payloads as docs/api.md describes them (records after the change).
interface TicketLike {
  id: string;
  subject: string;
  status: string;
  priority: string;
  customerId: string;
  assigneeId: string | null;
}
interface InvoiceLike {
  id: string;
  number: string;
  status: string;
  currency: string;
  amountMinor: number;
  balanceMinor?: number;
  paidMinor?: number;
  dueDate: string | null;
  customerId: string;
}
interface Named {
  id: string;
  name: string;
}
interface Recipient {
  type: RecipientType;
  id: string;
}

/**
 * Turns CRM events into outbox rows for the people they concern. At least once: the registry may
 * deliver an event again (after a crash, or a retry), and the idempotency key (event id +
 * recipient) makes the second delivery write nothing.
 */
@Injectable()
export class CrmNotificationsConsumer implements OnModuleInit {
  private readonly logger = new Logger(CrmNotificationsConsumer.name);

  constructor(
    private readonly events: CrmEventConsumerRegistry,
    private readonly outbox: OutboxService,
    private readonly directory: CrmDirectory,
  ) {}

  onModuleInit(): void {
    this.events.register({
      name: NOTIFICATIONS_CONSUMER,
      types: HANDLED,
      handle: (event) => this.handle(event),
    });
  }

  async handle(event: CrmEventMessage): Promise<void> {
    const requests = await this.plan(event);
    if (requests.length === 0) return;
    const result = await this.outbox.write(requests);
    this.logger.debug(
      `Event ${event.id} (${event.type}): ${result.written.length} notification(s), ` +
        `${result.skipped.length} recipient(s) not linked, ${result.duplicates} already written`,
    );
  }

  /** Who hears of an event, and what. */
  async plan(event: CrmEventMessage): Promise<NotificationRequest[]> {
    const p = event.payload as Record<string, unknown>;
    const actorName = ((p.actor as Named | null | undefined)?.name ?? '') || null;
    switch (event.type) {
      case 'ticket.created': {
        const ticket = p.ticket as TicketLike;
        const staff = await this.ticketStaff(event, ticket);
        return this.requests(event, 'ticket.created', [client(ticket.customerId), ...staff], ticket.id, {
          ...ticketVariables(ticket, p.customer as Named),
          'actor.name': actorName,
        });
      }
      case 'ticket.commented': {
        const ticket = p.ticket as TicketLike;
        const comment = p.comment as {
          authorId: string | null;
          authorName: string | null;
          authorRole: string | null;
          body: string;
        };
        // The other side: a customer's comment goes to staff, a staff comment to the customer.
        const recipients =
          comment.authorRole === 'customer' ? await this.ticketStaff(event, ticket) : [client(ticket.customerId)];
        return this.requests(event, 'ticket.commented', recipients, ticket.id, {
          ...ticketVariables(ticket, p.customer as Named),
          'actor.name': actorName,
          'comment.author': comment.authorName ?? actorName,
          'comment.body': comment.body,
        });
      }
      case 'ticket.status_changed': {
        const ticket = p.ticket as TicketLike;
        return this.requests(event, 'ticket.status_changed', [client(ticket.customerId)], ticket.id, {
          ...ticketVariables(ticket, p.customer as Named),
          'actor.name': actorName,
          'status.from': String(p.from ?? ''),
          'status.to': String(p.to ?? ticket.status),
        });
      }
      case 'invoice.created':
      case 'invoice.status_changed': {
        const invoice = p.invoice as InvoiceLike;
        // A customer hears of an invoice once it is issued: created as sent, or a draft sent later.
        const issued =
          event.type === 'invoice.created' ? invoice.status !== 'draft' : p.from === 'draft' && p.to === 'sent';
        if (!issued) return [];
        return this.requests(
          event,
          'invoice.created',
          [client(invoice.customerId)],
          invoice.id,
          (language) => invoiceVariables(invoice, p.customer as Named, language),
          // Once per invoice, whichever event issued it.
          (recipient) => `invoice.issued:${invoice.id}:${recipient.type}:${recipient.id}`,
        );
      }
      case 'deal.stage_changed': {
        const deal = p.deal as {
          id: string;
          title: string;
          amountMinor: number;
          currency: string;
          assigneeId: string | null;
        };
        const recipients = deal.assigneeId && deal.assigneeId !== event.actorUserId ? [user(deal.assigneeId)] : [];
        return this.requests(event, 'deal.stage_changed', recipients, deal.id, (language) => ({
          'deal.title': deal.title,
          'deal.amount': formatMoney(Number(deal.amountMinor), deal.currency, language),
          'stage.from': String(p.from ?? ''),
          'stage.to': String(p.to ?? ''),
          'actor.name': actorName,
        }));
      }
      case 'payment.recorded': {
        const payment = p.payment as {
          id: string;
          amountMinor: number;
          currency: string;
          method: string;
          customerId: string;
        };
        const invoice = p.invoice as InvoiceLike;
        const vendors = await this.directory.usersWithRoles(event.organizationId, ['vendor']);
        const customer = await this.directory.customers(event.organizationId, [payment.customerId]);
        return this.requests(
          event,
          'payment.recorded',
          vendors.map((v) => user(v.id)),
          invoice.id,
          (language) => ({
            'payment.amount': formatMoney(Number(payment.amountMinor), payment.currency, language),
            'payment.method': payment.method,
            'invoice.number': invoice.number,
            'invoice.balance': formatMoney(balanceOf(invoice), invoice.currency, language),
            'customer.name': customer.get(payment.customerId)?.name ?? '',
          }),
        );
      }
      case 'lead.created': {
        const lead = p.lead as {
          id: string;
          name: string;
          company: string | null;
          email: string | null;
          source: string | null;
        };
        const vendors = await this.directory.usersWithRoles(event.organizationId, ['vendor']);
        return this.requests(
          event,
          'lead.created',
          vendors.filter((v) => v.id !== event.actorUserId).map((v) => user(v.id)),
          lead.id,
          {
            'lead.name': lead.name,
            'lead.company': lead.company,
            'lead.email': lead.email,
            'lead.source': lead.source,
            'actor.name': actorName,
          },
        );
      }
      default:
        return [];
    }
  }

  // The assignee, or every staff user when nobody is assigned; never the one who did it.
  private async ticketStaff(event: CrmEventMessage, ticket: TicketLike): Promise<Recipient[]> {
    const ids = ticket.assigneeId
      ? [ticket.assigneeId]
      : (await this.directory.usersWithRoles(event.organizationId, ['vendor', 'employee'])).map((u) => u.id);
    return ids.filter((id) => id !== event.actorUserId).map(user);
  }

  private requests(
    event: CrmEventMessage,
    type: NotificationType,
    recipients: Recipient[],
    referenceId: string,
    variables: VariableValues | ((language: string) => VariableValues),
    key: (recipient: Recipient) => string = (r) => `event:${event.id}:${r.type}:${r.id}`,
  ): NotificationRequest[] {
    const unique = [...new Map(recipients.map((r) => [`${r.type}:${r.id}`, r])).values()];
    return unique.map((recipient) => ({
      organizationId: event.organizationId,
      recipient,
      type,
      variables,
      referenceId,
      idempotencyKey: key(recipient),
      priority: PRIORITY.event,
    }));
  }
}

const user = (id: string): Recipient => ({ type: 'user', id });
const client = (id: string): Recipient => ({ type: 'client', id });

function ticketVariables(ticket: TicketLike, customer: Named | undefined): VariableValues {
  return {
    'ticket.number': ticketNumber(ticket.id),
    'ticket.subject': ticket.subject,
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority,
    'customer.name': customer?.name ?? '',
  };
}

function balanceOf(invoice: InvoiceLike): number {
  return invoice.balanceMinor ?? Number(invoice.amountMinor) - Number(invoice.paidMinor ?? 0);
}

function invoiceVariables(invoice: InvoiceLike, customer: Named | undefined, language: string): VariableValues {
  return {
    'invoice.number': invoice.number,
    'invoice.amount': formatMoney(Number(invoice.amountMinor), invoice.currency, language),
    'invoice.balance': formatMoney(balanceOf(invoice), invoice.currency, language),
    'invoice.due_date': invoice.dueDate,
    'customer.name': customer?.name ?? '',
  };
}
