import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReadScope } from '../../auth/policy.types';
import { applyScope, containsPattern, isUuid } from '../common/query';
import { LeadStatus } from '../crm.constants';
import { Lead } from './lead.entity';

export interface LeadFilter {
  status?: LeadStatus;
  assigneeId?: string;
  search?: string;
}

@Injectable()
export class LeadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ReadScope, filter: LeadFilter, limit: number, offset: number): Promise<[Lead[], number]> {
    const qb = this.dataSource.manager.getRepository(Lead).createQueryBuilder('l').where('TRUE');
    applyScope(qb, 'l', scope);
    if (filter.status) qb.andWhere('l.status = :status', { status: filter.status });
    if (filter.assigneeId) qb.andWhere('l.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.search) {
      qb.andWhere('(l.name ILIKE :q OR l.email ILIKE :q OR l.company ILIKE :q)', { q: containsPattern(filter.search) });
    }
    return qb.orderBy('l.createdAt', 'DESC').addOrderBy('l.id', 'DESC').limit(limit).offset(offset).getManyAndCount();
  }

  async findById(scope: ReadScope, id: string, manager?: EntityManager, lock = false): Promise<Lead | null> {
    if (!isUuid(id)) return null;
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(Lead)
      .createQueryBuilder('l')
      .where('l.id = :id', { id });
    applyScope(qb, 'l', scope);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }
}
