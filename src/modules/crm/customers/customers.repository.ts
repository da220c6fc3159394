import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReadScope } from '../../auth/policy.types';
import { applyScope, containsPattern, isUuid } from '../common/query';
import { Customer } from './customer.entity';

export interface CustomerFilter {
  search?: string;
}

@Injectable()
export class CustomersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ReadScope, filter: CustomerFilter, limit: number, offset: number): Promise<[Customer[], number]> {
    const qb = this.dataSource.manager.getRepository(Customer).createQueryBuilder('c').where('TRUE');
    applyScope(qb, 'c', scope, 'id');
    if (filter.search) {
      qb.andWhere('(c.name ILIKE :q OR c.email ILIKE :q OR c.company ILIKE :q)', { q: containsPattern(filter.search) });
    }
    return qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit).offset(offset).getManyAndCount();
  }

  /** The customer if the scope may see it. */
  async findById(scope: ReadScope, id: string, manager?: EntityManager, lock = false): Promise<Customer | null> {
    if (!isUuid(id)) return null;
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(Customer)
      .createQueryBuilder('c')
      .where('c.id = :id', { id });
    applyScope(qb, 'c', scope, 'id');
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async getById(organizationId: string, id: string, manager?: EntityManager): Promise<Customer | null> {
    return this.findById({ organizationId }, id, manager);
  }

  async findByEmail(organizationId: string, email: string, manager?: EntityManager): Promise<Customer | null> {
    return (manager ?? this.dataSource.manager)
      .getRepository(Customer)
      .findOne({ where: { organizationId, email: email.toLowerCase() } });
  }
}
