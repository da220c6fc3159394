import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReadScope } from '../../auth/policy.types';
import { applyScope, isUuid } from '../common/query';
import { TicketPriority, TicketStatus } from '../crm.constants';
import { TicketComment } from './ticket-comment.entity';
import { Ticket } from './ticket.entity';

export interface TicketFilter {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string;
  customerId?: string;
}

@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: ReadScope, filter: TicketFilter, limit: number, offset: number): Promise<[Ticket[], number]> {
    const qb = this.dataSource.manager.getRepository(Ticket).createQueryBuilder('t').where('TRUE');
    applyScope(qb, 't', scope);
    if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
    if (filter.priority) qb.andWhere('t.priority = :priority', { priority: filter.priority });
    if (filter.assigneeId) qb.andWhere('t.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.customerId) qb.andWhere('t.customerId = :customerId', { customerId: filter.customerId });
    return qb.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC').limit(limit).offset(offset).getManyAndCount();
  }

  async findById(scope: ReadScope, id: string, manager?: EntityManager, lock = false): Promise<Ticket | null> {
    if (!isUuid(id)) return null;
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .where('t.id = :id', { id });
    applyScope(qb, 't', scope);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async listComments(
    organizationId: string,
    ticketId: string,
    limit: number,
    offset: number,
  ): Promise<[TicketComment[], number]> {
    return this.dataSource.manager
      .getRepository(TicketComment)
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.author', 'author')
      .where('c.organizationId = :organizationId AND c.ticketId = :ticketId', { organizationId, ticketId })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
  }
}
