import { Injectable, Logger } from '@nestjs/common';
import { CrmDirectory, DueInvoice } from '../crm/crm-directory.service';
import { PRIORITY } from '../notifications.constants';
import { NotificationsRepository } from '../outbox/notifications.repository';
import { NotificationRequest, OutboxService } from '../outbox/outbox.service';
import { localClock } from '../schedules/schedule-time';
import { formatMoney } from '../templates/formatting';

/** "Due soon" means due within this many days. */
export const DUE_SOON_DAYS = 3;
/**
 * An overdue reminder goes within this many days of the due date (when the client links
 * Telegram later, they still get it in that week). Shorter than the shortest retention of sent
 * rows, so a reminder's row outlives the window and its key keeps it from going twice.
 */
export const OVERDUE_WINDOW_DAYS = 7;
const WRITE_BATCH = 200;

export interface InvoiceRemindersResult extends Record<string, number> {
  dueSoon: number;
  overdue: number;
  alreadySent: number;
  notLinked: number;
}

const STAGES = [
  { stage: 'due_soon', key: 'due-soon', type: 'invoice.due_soon', days: DUE_SOON_DAYS },
  { stage: 'overdue', key: 'overdue', type: 'invoice.overdue', days: OVERDUE_WINDOW_DAYS },
] as const;

export function invoiceReminderKey(invoiceId: string, stage: 'due-soon' | 'overdue'): string {
  return `invoice-reminder:${invoiceId}:${stage}`;
}

/**
 * Writes reminders of unpaid invoices to their customers: due within 3 days, and overdue; once
 * per invoice and stage (the idempotency key), in the customer's language. "Today" is the date
 * in the schedule's time zone at `now`.
 */
@Injectable()
export class InvoiceRemindersService {
  private readonly logger = new Logger(InvoiceRemindersService.name);

  constructor(
    private readonly directory: CrmDirectory,
    private readonly rows: NotificationsRepository,
    private readonly outbox: OutboxService,
  ) {}

  async run(now: Date, timeZone: string): Promise<InvoiceRemindersResult> {
    const today = localClock(now, timeZone).date;
    const result: InvoiceRemindersResult = { dueSoon: 0, overdue: 0, alreadySent: 0, notLinked: 0 };
    for (const { stage, key, type, days } of STAGES) {
      const invoices = await this.directory.invoicesToRemind(stage, today, days);
      const requests: NotificationRequest[] = invoices.map((invoice) => ({
        organizationId: invoice.organizationId,
        recipient: { type: 'client', id: invoice.customerId },
        type,
        variables: (language: string) => invoiceVariables(invoice, language),
        referenceId: invoice.id,
        idempotencyKey: invoiceReminderKey(invoice.id, key),
        priority: PRIORITY.event,
      }));
      // Reminders written by an earlier run are not rendered again.
      const existing = await this.rows.existingKeys(requests);
      const fresh = requests.filter((r) => !existing.has(`${r.organizationId}:${r.idempotencyKey}`));
      result.alreadySent += requests.length - fresh.length;
      for (let start = 0; start < fresh.length; start += WRITE_BATCH) {
        const written = await this.outbox.write(fresh.slice(start, start + WRITE_BATCH));
        result[stage === 'due_soon' ? 'dueSoon' : 'overdue'] += written.written.length;
        result.alreadySent += written.duplicates;
        result.notLinked += written.skipped.length;
      }
    }
    this.logger.log(
      `Invoice reminders for ${today} (${timeZone}): ${result.dueSoon} due soon, ${result.overdue} overdue, ` +
        `${result.alreadySent} already sent, ${result.notLinked} customer(s) without Telegram`,
    );
    return result;
  }
}

function invoiceVariables(invoice: DueInvoice, language: string): Record<string, string> {
  return {
    'invoice.number': invoice.number,
    'invoice.amount': formatMoney(invoice.amountMinor, invoice.currency, language),
    'invoice.balance': formatMoney(invoice.balanceMinor, invoice.currency, language),
    'invoice.due_date': invoice.dueDate,
    'customer.name': invoice.customerName,
  };
}
