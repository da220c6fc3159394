import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReadScope } from '../../auth/policy.types';
import { applyScope, isUuid } from '../common/query';
import { DealStage } from '../crm.constants';
import { Deal } from './deal.entity';

export interface DealFilter {
  stage?: DealStage;
  assigneeId?: string;
  customerId?: string;
}

@Injectable()
export class DealsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ReadScope, filter: DealFilter, limit: number, offset: number): Promise<[Deal[], number]> {
    const qb = this.dataSource.manager.getRepository(Deal).createQueryBuilder('d').where('TRUE');
    applyScope(qb, 'd', scope);
    if (filter.stage) qb.andWhere('d.stage = :stage', { stage: filter.stage });
    if (filter.assigneeId) qb.andWhere('d.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.customerId) qb.andWhere('d.customerId = :customerId', { customerId: filter.customerId });
    return qb.orderBy('d.createdAt', 'DESC').addOrderBy('d.id', 'DESC').limit(limit).offset(offset).getManyAndCount();
  }

  async findById(scope: ReadScope, id: string, manager?: EntityManager, lock = false): Promise<Deal | null> {
    if (!isUuid(id)) return null;
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(Deal)
      .createQueryBuilder('d')
      .where('d.id = :id', { id });
    applyScope(qb, 'd', scope);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }
}
