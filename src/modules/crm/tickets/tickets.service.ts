import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthException } from '../../auth/auth.exception';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { Page, PageRequest, pageWindow } from '../common/page';
import { defaultAssignee, resolveMe } from '../common/references';
import { definedOnly } from '../common/validation';
import { TicketStatus } from '../crm.constants';
import { CrmErrorCode, CrmException } from '../crm.exception';
import { CustomersRepository } from '../customers/customers.repository';
import { CustomersService } from '../customers/customers.service';
import { CrmEventsWriter, eventActor } from '../events/crm-events.writer';
import { UsersService } from '../users/users.service';
import {
  CreateTicketCommentDto,
  CreateTicketDto,
  TicketCommentDto,
  TicketDto,
  TicketQueryDto,
  toTicketCommentDto,
  toTicketDto,
  UpdateTicketDto,
} from './ticket.dto';
import { TicketComment } from './ticket-comment.entity';
import { Ticket } from './ticket.entity';
import { TicketsRepository } from './tickets.repository';

const DONE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsRepository,
    private readonly customerRows: CustomersRepository,
    private readonly customers: CustomersService,
    private readonly users: UsersService,
    private readonly policy: PolicyService,
    private readonly events: CrmEventsWriter,
  ) {}

  async list(actor: Actor, query: TicketQueryDto): Promise<Page<TicketDto>> {
    const scope = this.policy.readScope(actor, 'tickets');
    const assigneeId = resolveMe(actor, query.assigneeId);
    if (assigneeId) await this.users.assertExists(actor.organizationId, assigneeId);
    if (query.customerId) await this.customers.assertVisible(actor, query.customerId);
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await this.tickets.list(
      scope,
      { status: query.status, priority: query.priority, assigneeId, customerId: query.customerId },
      limit,
      offset,
    );
    return { items: rows.map(toTicketDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<TicketDto> {
    const ticket = await this.tickets.findById(this.policy.readScope(actor, 'tickets'), id);
    if (!ticket) throw CrmException.notFound('Ticket', id);
    return toTicketDto(ticket);
  }

  /** Staff open tickets for any customer; a customer opens tickets for themselves. */
  async create(actor: Actor, input: CreateTicketDto): Promise<TicketDto> {
    this.policy.assertAllowed(actor, 'create', 'tickets');
    if (input.assigneeId != null && !this.policy.allows(actor, 'update', 'tickets')) {
      throw AuthException.forbidden('Only staff assign tickets.');
    }
    const customerId = input.customerId ?? (actor.role === 'customer' ? actor.customerId : null);
    if (!customerId) {
      throw new CrmException(CrmErrorCode.VALIDATION_FAILED, 'Name the customer of the ticket.', [
        { field: 'customerId', problems: ['customerId is required'] },
      ]);
    }
    const assigneeId = defaultAssignee(actor, input.assigneeId);
    this.policy.assertCan(actor, 'create', 'tickets', { organizationId: actor.organizationId, customerId, assigneeId });
    return this.dataSource.transaction(async (manager) => {
      const customer = await this.customers.assertVisible(actor, customerId, manager);
      if (assigneeId) await this.users.assertAssignable(actor.organizationId, assigneeId, manager);
      const ticket = await manager.getRepository(Ticket).save(
        manager.getRepository(Ticket).create({
          organizationId: actor.organizationId,
          customerId,
          subject: input.subject,
          description: input.description ?? null,
          priority: input.priority ?? 'normal',
          status: 'open',
          assigneeId,
          createdById: actor.via === 'system' ? null : actor.userId,
          resolvedAt: null,
        }),
      );
      const dto = toTicketDto(ticket);
      await this.events.append(manager, {
        type: 'ticket.created',
        organizationId: actor.organizationId,
        aggregateType: 'ticket',
        aggregateId: ticket.id,
        actor: eventActor(actor),
        payload: { ticket: dto, customer: { id: customer.id, name: customer.name } },
      });
      return dto;
    });
  }

  async update(actor: Actor, id: string, input: UpdateTicketDto): Promise<TicketDto> {
    this.policy.assertAllowed(actor, 'update', 'tickets');
    const scope = this.policy.readScope(actor, 'tickets');
    return this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.findById(scope, id, manager, true);
      if (!ticket) throw CrmException.notFound('Ticket', id);
      this.policy.assertCan(actor, 'update', 'tickets', ticket);
      const before = toTicketDto(ticket);
      Object.assign(ticket, definedOnly(input));
      this.policy.assertCan(actor, 'update', 'tickets', ticket);
      if (ticket.assigneeId && ticket.assigneeId !== before.assigneeId) {
        await this.users.assertAssignable(actor.organizationId, ticket.assigneeId, manager);
      }
      if (ticket.status !== before.status) {
        ticket.resolvedAt = DONE_STATUSES.includes(ticket.status) ? (ticket.resolvedAt ?? new Date()) : null;
      }
      const after = toTicketDto(await manager.getRepository(Ticket).save(ticket));
      const customer = await this.customerSummary(manager, ticket);
      const common = {
        organizationId: actor.organizationId,
        aggregateType: 'ticket' as const,
        aggregateId: ticket.id,
        actor: eventActor(actor),
      };
      if (after.status !== before.status) {
        await this.events.append(manager, {
          ...common,
          type: 'ticket.status_changed',
          payload: { ticket: after, customer, from: before.status, to: after.status },
        });
      }
      if (after.assigneeId !== before.assigneeId) {
        await this.events.append(manager, {
          ...common,
          type: 'ticket.assigned',
          payload: { ticket: after, customer, previousAssigneeId: before.assigneeId },
        });
      }
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'tickets');
    const scope = this.policy.readScope(actor, 'tickets');
    await this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.findById(scope, id, manager, true);
      if (!ticket) throw CrmException.notFound('Ticket', id);
      this.policy.assertCan(actor, 'delete', 'tickets', ticket);
      await manager.getRepository(Ticket).delete({ id: ticket.id, organizationId: ticket.organizationId });
    });
  }

  async listComments(actor: Actor, ticketId: string, page: PageRequest): Promise<Page<TicketCommentDto>> {
    this.policy.assertAllowed(actor, 'read', 'ticketComments');
    const ticket = await this.tickets.findById(this.policy.readScope(actor, 'tickets'), ticketId);
    if (!ticket) throw CrmException.notFound('Ticket', ticketId);
    this.policy.assertCan(actor, 'read', 'ticketComments', ticket);
    const { limit, offset } = pageWindow(page);
    const [rows, total] = await this.tickets.listComments(actor.organizationId, ticket.id, limit, offset);
    return { items: rows.map(toTicketCommentDto), total, limit, offset };
  }

  /** Staff comment on any ticket of the organization, a customer on their own tickets. */
  async addComment(actor: Actor, ticketId: string, input: CreateTicketCommentDto): Promise<TicketCommentDto> {
    this.policy.assertAllowed(actor, 'create', 'ticketComments');
    const scope = this.policy.readScope(actor, 'tickets');
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders comments and changes of one ticket, and so their events.
      const ticket = await this.tickets.findById(scope, ticketId, manager, true);
      if (!ticket) throw CrmException.notFound('Ticket', ticketId);
      this.policy.assertCan(actor, 'create', 'ticketComments', ticket);
      const saved = await manager.getRepository(TicketComment).save(
        manager.getRepository(TicketComment).create({
          organizationId: actor.organizationId,
          ticketId: ticket.id,
          authorId: actor.via === 'system' ? null : actor.userId,
          body: input.body,
        }),
      );
      ticket.updatedAt = new Date();
      await manager.getRepository(Ticket).save(ticket);
      const comment: TicketCommentDto = {
        ...toTicketCommentDto(saved),
        authorName: actor.via === 'system' ? null : actor.name,
        authorRole: actor.via === 'system' ? null : actor.role,
      };
      await this.events.append(manager, {
        type: 'ticket.commented',
        organizationId: actor.organizationId,
        aggregateType: 'ticket',
        aggregateId: ticket.id,
        actor: eventActor(actor),
        payload: { ticket: toTicketDto(ticket), customer: await this.customerSummary(manager, ticket), comment },
      });
      return comment;
    });
  }

  private async customerSummary(manager: EntityManager, ticket: Ticket): Promise<{ id: string; name: string }> {
    const customer = await this.customerRows.getById(ticket.organizationId, ticket.customerId, manager);
    return { id: ticket.customerId, name: customer?.name ?? '' };
  }
}
