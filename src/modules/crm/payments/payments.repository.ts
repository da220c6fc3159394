import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReadScope } from '../../auth/policy.types';
import { applyScope, isUuid } from '../common/query';
import { Payment } from './payment.entity';

export interface PaymentFilter {
  invoiceId?: string;
  customerId?: string;
}

@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ReadScope, filter: PaymentFilter, limit: number, offset: number): Promise<[Payment[], number]> {
    const qb = this.dataSource.manager.getRepository(Payment).createQueryBuilder('p').where('TRUE');
    applyScope(qb, 'p', scope);
    if (filter.invoiceId) qb.andWhere('p.invoiceId = :invoiceId', { invoiceId: filter.invoiceId });
    if (filter.customerId) qb.andWhere('p.customerId = :customerId', { customerId: filter.customerId });
    return qb.orderBy('p.paidAt', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).offset(offset).getManyAndCount();
  }

  async findById(scope: ReadScope, id: string, manager?: EntityManager, lock = false): Promise<Payment | null> {
    if (!isUuid(id)) return null;
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(Payment)
      .createQueryBuilder('p')
      .where('p.id = :id', { id });
    applyScope(qb, 'p', scope);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async sumForInvoice(manager: EntityManager, organizationId: string, invoiceId: string): Promise<number> {
    const rows: { total: string }[] = await manager.query(
      'SELECT COALESCE(SUM(amount_minor), 0)::text AS total FROM payments WHERE organization_id = $1 AND invoice_id = $2',
      [organizationId, invoiceId],
    );
    return Number(rows[0]?.total ?? 0);
  }
}
