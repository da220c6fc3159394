import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReadScope, Role } from '../../auth/policy.types';
import { applyScope, containsPattern, isUuid } from '../common/query';
import { User } from './user.entity';

export interface UserFilter {
  role?: Role;
  search?: string;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ReadScope, filter: UserFilter, limit: number, offset: number): Promise<[User[], number]> {
    const qb = this.dataSource.manager.getRepository(User).createQueryBuilder('u').where('TRUE');
    applyScope(qb, 'u', scope);
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.search) qb.andWhere('(u.name ILIKE :q OR u.email ILIKE :q)', { q: containsPattern(filter.search) });
    return qb.orderBy('u.createdAt', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).offset(offset).getManyAndCount();
  }

  async findById(scope: ReadScope, id: string, manager?: EntityManager, lock = false): Promise<User | null> {
    if (!isUuid(id)) return null;
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.id = :id', { id });
    applyScope(qb, 'u', scope);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async getById(organizationId: string, id: string, manager?: EntityManager): Promise<User | null> {
    return this.findById({ organizationId }, id, manager);
  }

  /** Any organization: login names only an email. */
  async findByEmail(email: string): Promise<User | null> {
    return this.dataSource.manager.getRepository(User).findOne({ where: { email: email.trim().toLowerCase() } });
  }

  /** Any organization: the token names the user, the row names the organization. */
  async findByIdUnscoped(id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.manager.getRepository(User).findOne({ where: { id } });
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.dataSource.manager.getRepository(User).update({ id }, { lastLoginAt: new Date() });
  }
}
