import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { ReadScope } from '../../auth/policy.types';
import { applyScope, isUuid, returnedRows } from '../common/query';
import { InvoiceStatus } from '../crm.constants';
import { Invoice } from './invoice.entity';

export interface InvoiceFilter {
  status?: InvoiceStatus;
  customerId?: string;
}

@Injectable()
export class InvoicesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ReadScope, filter: InvoiceFilter, limit: number, offset: number): Promise<[Invoice[], number]> {
    const qb = this.dataSource.manager.getRepository(Invoice).createQueryBuilder('i').where('TRUE');
    applyScope(qb, 'i', scope);
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.customerId) qb.andWhere('i.customerId = :customerId', { customerId: filter.customerId });
    return qb.orderBy('i.createdAt', 'DESC').addOrderBy('i.id', 'DESC').limit(limit).offset(offset).getManyAndCount();
  }

  async findById(scope: ReadScope, id: string, manager?: EntityManager, lock = false): Promise<Invoice | null> {
    if (!isUuid(id)) return null;
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(Invoice)
      .createQueryBuilder('i')
      .where('i.id = :id', { id });
    applyScope(qb, 'i', scope);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** The next invoice number of the organization (the row lock serializes concurrent invoices). */
  async nextNumber(manager: EntityManager, organizationId: string): Promise<string> {
    const rows = returnedRows<{ invoice_sequence: number }>(
      await manager.query(
        `UPDATE organizations SET invoice_sequence = invoice_sequence + 1 WHERE id = $1 RETURNING invoice_sequence`,
        [organizationId],
      ),
    );
    const next = rows[0]?.invoice_sequence;
    if (next === undefined) throw new Error(`Organization ${organizationId} vanished`);
    return `INV-${String(next).padStart(6, '0')}`;
  }

  /** Marks sent, unpaid invoices past their due date overdue; returns them. */
  async markOverdue(manager: EntityManager, today: string): Promise<Invoice[]> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE invoices SET status = 'overdue', updated_at = now()
         WHERE status = 'sent' AND due_date < $1::date AND paid_minor < amount_minor
         RETURNING id`,
        [today],
      ),
    );
    if (rows.length === 0) return [];
    return manager
      .getRepository(Invoice)
      .find({ where: { id: In(rows.map((r) => r.id)) }, order: { createdAt: 'ASC' } });
  }
}
