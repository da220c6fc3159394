import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { DEAL_STAGES, DealStage, OPEN_TICKET_STATUSES } from '../crm.constants';
import { MoneyDto, StatsDto } from './stats.dto';

interface MoneyRow {
  currency: string;
  amount: string;
}

function money(rows: MoneyRow[]): MoneyDto[] {
  return rows.map((r) => ({ currency: r.currency.trim(), amountMinor: Number(r.amount) }));
}

/** The organization's dashboard figures. */
@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
  ) {}

  async get(actor: Actor, now = new Date()): Promise<StatsDto> {
    const { organizationId } = this.policy.readScope(actor, 'stats');
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const q = <T>(sql: string, params: unknown[]): Promise<T[]> => this.dataSource.query(sql, params);

    const [pipelineRows, revenueRows, ticketRows, overdueRows] = await Promise.all([
      q<{ stage: DealStage; currency: string; count: string; amount: string }>(
        `SELECT stage, currency, COUNT(*)::text AS count, SUM(amount_minor)::text AS amount
         FROM deals WHERE organization_id = $1 GROUP BY stage, currency ORDER BY currency`,
        [organizationId],
      ),
      q<MoneyRow>(
        `SELECT currency, SUM(amount_minor)::text AS amount FROM payments
         WHERE organization_id = $1 AND paid_at >= $2 AND paid_at < $3 GROUP BY currency ORDER BY currency`,
        [organizationId, from, to],
      ),
      q<{ count: string }>(
        `SELECT COUNT(*)::text AS count FROM tickets WHERE organization_id = $1 AND status = ANY($2)`,
        [organizationId, OPEN_TICKET_STATUSES],
      ),
      q<MoneyRow & { count: string }>(
        `SELECT currency, COUNT(*)::text AS count, SUM(amount_minor - paid_minor)::text AS amount FROM invoices
         WHERE organization_id = $1 AND status = 'overdue' GROUP BY currency ORDER BY currency`,
        [organizationId],
      ),
    ]);

    const pipeline = DEAL_STAGES.map((stage) => {
      const rows = pipelineRows.filter((r) => r.stage === stage);
      return {
        stage,
        count: rows.reduce((n, r) => n + Number(r.count), 0),
        totals: money(rows),
      };
    });
    return {
      pipeline,
      revenueThisMonth: { from, to, totals: money(revenueRows) },
      openTickets: Number(ticketRows[0]?.count ?? 0),
      overdueInvoices: {
        count: overdueRows.reduce((n, r) => n + Number(r.count), 0),
        outstanding: money(overdueRows),
      },
    };
  }
}
