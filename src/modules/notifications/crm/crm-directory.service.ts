import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PersonRef {
  id: string;
  name: string;
  role: string;
  organizationId: string;
}

export interface DueInvoice {
  id: string;
  organizationId: string;
  customerId: string;
  customerName: string;
  number: string;
  currency: string;
  amountMinor: number;
  balanceMinor: number;
  dueDate: string;
}

export interface DigestItems {
  tickets: { id: string; subject: string; priority: string; status: string }[];
  ticketCount: number;
  deals: { title: string; stage: string; amountMinor: number; currency: string }[];
  dealCount: number;
}

/**
 * Read-only questions notifications ask the built-in CRM that `CrmPort` does not answer (it
 * answers for one actor, and these span an organization or all of them): names, an
 * organization's staff, invoices coming due, a user's open work. The one file that reads CRM
 * tables; an adapter to another CRM replaces it.
 */
@Injectable()
export class CrmDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async organizationName(organizationId: string): Promise<string> {
    const rows: { name: string }[] = await this.dataSource.query('SELECT name FROM organizations WHERE id = $1', [
      organizationId,
    ]);
    return rows[0]?.name ?? '';
  }

  /** Active users by id (disabled or deleted ones are absent). */
  async users(ids: readonly string[]): Promise<Map<string, PersonRef>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string; role: string; organization_id: string }[] = await this.dataSource.query(
      'SELECT id, name, role, organization_id FROM users WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL',
      [ids],
    );
    return new Map(
      rows.map((r) => [r.id, { id: r.id, name: r.name, role: r.role, organizationId: r.organization_id }]),
    );
  }

  /** Active users of the organization with one of these roles. */
  async usersWithRoles(organizationId: string, roles: readonly string[]): Promise<PersonRef[]> {
    const rows: { id: string; name: string; role: string }[] = await this.dataSource.query(
      `SELECT id, name, role FROM users
        WHERE organization_id = $1 AND role = ANY($2::text[]) AND disabled_at IS NULL ORDER BY created_at, id`,
      [organizationId, roles],
    );
    return rows.map((r) => ({ ...r, organizationId }));
  }

  /** Every active staff user (vendors and employees) of every organization. */
  async allStaff(): Promise<PersonRef[]> {
    const rows: { id: string; name: string; role: string; organization_id: string }[] = await this.dataSource.query(
      `SELECT id, name, role, organization_id FROM users
        WHERE role IN ('vendor', 'employee') AND disabled_at IS NULL ORDER BY organization_id, id`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, organizationId: r.organization_id }));
  }

  /** Clients of the organization by id (other organizations' ids are absent). */
  async customers(organizationId: string, ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      'SELECT id, name FROM customers WHERE organization_id = $1 AND id = ANY($2::uuid[])',
      [organizationId, ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Users of the organization by id (any role, active). */
  async usersOf(organizationId: string, ids: readonly string[]): Promise<Map<string, PersonRef>> {
    const all = await this.users(ids);
    return new Map([...all].filter(([, user]) => user.organizationId === organizationId));
  }

  /** Clients with a sent or overdue invoice that is not fully paid. */
  async customersWithOpenInvoices(organizationId: string): Promise<string[]> {
    const rows: { customer_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT customer_id FROM invoices
        WHERE organization_id = $1 AND status IN ('sent', 'overdue') AND paid_minor < amount_minor`,
      [organizationId],
    );
    return rows.map((r) => r.customer_id);
  }

  /**
   * Unpaid invoices of every organization that a reminder may concern on `today`: `due_soon`,
   * sent and due within `days` days (after today, at most `days` ahead); `overdue`, sent (or
   * marked overdue) and due between `days` days ago and yesterday.
   */
  async invoicesToRemind(stage: 'due_soon' | 'overdue', today: string, days: number): Promise<DueInvoice[]> {
    const where =
      stage === 'due_soon'
        ? `i.status = 'sent' AND i.due_date > $1::date AND i.due_date <= $1::date + $2::int`
        : `i.status IN ('sent', 'overdue') AND i.due_date < $1::date AND i.due_date >= $1::date - $2::int`;
    const rows: {
      id: string;
      organization_id: string;
      customer_id: string;
      customer_name: string;
      number: string;
      currency: string;
      amount_minor: string;
      paid_minor: string;
      due_date: string;
    }[] = await this.dataSource.query(
      `SELECT i.id, i.organization_id, i.customer_id, c.name AS customer_name, i.number, i.currency,
              i.amount_minor, i.paid_minor, to_char(i.due_date, 'YYYY-MM-DD') AS due_date
         FROM invoices i JOIN customers c ON c.id = i.customer_id
        WHERE ${where} AND i.paid_minor < i.amount_minor
        ORDER BY i.due_date, i.id`,
      [today, days],
    );
    return rows.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      number: r.number,
      currency: r.currency,
      amountMinor: Number(r.amount_minor),
      balanceMinor: Number(r.amount_minor) - Number(r.paid_minor),
      dueDate: r.due_date,
    }));
  }

  /** The organization that runs the deployment: the oldest (made by BOOTSTRAP_ADMIN_* or the demo seed). */
  async operatorOrganizationId(): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM organizations ORDER BY created_at, id LIMIT 1',
    );
    return rows[0]?.id ?? null;
  }

  /** A staff user's open tickets (open, in progress) and open deals (not won or lost): counts and the first `limit` of each. */
  async openWorkOf(organizationId: string, userId: string, limit = 10): Promise<DigestItems> {
    const [tickets, ticketCount, deals, dealCount] = await Promise.all([
      this.dataSource.query(
        `SELECT id, subject, priority, status FROM tickets
          WHERE organization_id = $1 AND assignee_id = $2 AND status IN ('open', 'in_progress')
          ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, created_at, id
          LIMIT $3`,
        [organizationId, userId, limit],
      ) as Promise<DigestItems['tickets']>,
      this.count(
        `SELECT count(*)::int AS n FROM tickets
          WHERE organization_id = $1 AND assignee_id = $2 AND status IN ('open', 'in_progress')`,
        [organizationId, userId],
      ),
      this.dataSource.query(
        `SELECT title, stage, amount_minor::float8 AS "amountMinor", currency FROM deals
          WHERE organization_id = $1 AND assignee_id = $2 AND stage NOT IN ('won', 'lost')
          ORDER BY amount_minor DESC, created_at, id LIMIT $3`,
        [organizationId, userId, limit],
      ) as Promise<DigestItems['deals']>,
      this.count(
        `SELECT count(*)::int AS n FROM deals
          WHERE organization_id = $1 AND assignee_id = $2 AND stage NOT IN ('won', 'lost')`,
        [organizationId, userId],
      ),
    ]);
    return { tickets, ticketCount, deals, dealCount };
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(sql, params);
    return rows[0]?.n ?? 0;
  }
}
