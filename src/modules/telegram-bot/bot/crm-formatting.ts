import type { DealDto } from '../../crm/deals/deal.dto';
import type { InvoiceDto } from '../../crm/invoices/invoice.dto';
import type { StatsDto } from '../../crm/stats/stats.dto';
import type { TicketDto } from '../../crm/tickets/ticket.dto';
import { escapeHtml } from '../replies/html.util';

export function money(amountMinor: number, currency: string): string {
  return `${(amountMinor / 100).toFixed(2)} ${escapeHtml(currency)}`;
}

function list<T>(title: string, items: T[], total: number, line: (item: T) => string, empty: string): string {
  if (items.length === 0) return empty;
  const more = total > items.length ? `\n… and ${total - items.length} more` : '';
  return [`<b>${title}</b> (${total})`, ...items.map((item) => `• ${line(item)}`)].join('\n') + more;
}

export function dealsText(items: DealDto[], total: number): string {
  return list(
    'Deals',
    items,
    total,
    (d) => `${escapeHtml(d.title)}: ${d.stage}, ${money(d.amountMinor, d.currency)}`,
    'No deals.',
  );
}

export function ticketsText(items: TicketDto[], total: number): string {
  return list(
    'Tickets',
    items,
    total,
    (t) => `${escapeHtml(t.subject)}: ${t.status.replace('_', ' ')}, ${t.priority}`,
    'No tickets.',
  );
}

export function invoicesText(items: InvoiceDto[], total: number): string {
  return list(
    'Invoices',
    items,
    total,
    (i) =>
      `${escapeHtml(i.number)}: ${i.status}, ${money(i.amountMinor, i.currency)}` +
      (i.balanceMinor > 0 && i.status !== 'void' ? `, due ${money(i.balanceMinor, i.currency)}` : '') +
      (i.dueDate ? ` by ${escapeHtml(i.dueDate)}` : ''),
    'No invoices.',
  );
}

export function statsText(stats: StatsDto): string {
  const totals = (t: { amountMinor: number; currency: string }[]): string =>
    t.length ? t.map((m) => money(m.amountMinor, m.currency)).join(', ') : '0';
  return [
    '<b>Pipeline</b>',
    ...stats.pipeline.map((s) => `• ${s.stage}: ${s.count} (${totals(s.totals)})`),
    `<b>Revenue this month</b>: ${totals(stats.revenueThisMonth.totals)}`,
    `<b>Open tickets</b>: ${stats.openTickets}`,
    `<b>Overdue invoices</b>: ${stats.overdueInvoices.count} (${totals(stats.overdueInvoices.outstanding)})`,
  ].join('\n');
}
