import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { Page, pageWindow } from '../common/page';
import { defaultAssignee, resolveMe } from '../common/references';
import { definedOnly } from '../common/validation';
import { CLOSED_DEAL_STAGES } from '../crm.constants';
import { CrmException } from '../crm.exception';
import { CustomersService } from '../customers/customers.service';
import { CrmEventsWriter, eventActor } from '../events/crm-events.writer';
import { UsersService } from '../users/users.service';
import { CreateDealDto, DealDto, DealQueryDto, toDealDto, UpdateDealDto } from './deal.dto';
import { Deal } from './deal.entity';
import { DealsRepository } from './deals.repository';

export const DEFAULT_CURRENCY = 'USD';

@Injectable()
export class DealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deals: DealsRepository,
    private readonly customers: CustomersService,
    private readonly users: UsersService,
    private readonly policy: PolicyService,
    private readonly events: CrmEventsWriter,
  ) {}

  async list(actor: Actor, query: DealQueryDto): Promise<Page<DealDto>> {
    const scope = this.policy.readScope(actor, 'deals');
    const assigneeId = resolveMe(actor, query.assigneeId);
    if (assigneeId) await this.users.assertExists(actor.organizationId, assigneeId);
    if (query.customerId) await this.customers.assertVisible(actor, query.customerId);
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await this.deals.list(
      scope,
      { stage: query.stage, assigneeId, customerId: query.customerId },
      limit,
      offset,
    );
    return { items: rows.map(toDealDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<DealDto> {
    const deal = await this.deals.findById(this.policy.readScope(actor, 'deals'), id);
    if (!deal) throw CrmException.notFound('Deal', id);
    return toDealDto(deal);
  }

  async create(actor: Actor, input: CreateDealDto): Promise<DealDto> {
    this.policy.assertAllowed(actor, 'create', 'deals');
    const assigneeId = defaultAssignee(actor, input.assigneeId);
    this.policy.assertCan(actor, 'create', 'deals', { organizationId: actor.organizationId, assigneeId });
    return this.dataSource.transaction(async (manager) => {
      await this.customers.assertVisible(actor, input.customerId, manager);
      if (assigneeId) await this.users.assertAssignable(actor.organizationId, assigneeId, manager);
      return this.insert(manager, actor, { ...input, assigneeId });
    });
  }

  /** Inserts a deal and its event inside the caller's transaction (references already checked). */
  async insert(manager: EntityManager, actor: Actor, input: CreateDealDto): Promise<DealDto> {
    const stage = input.stage ?? 'new';
    const deal = await manager.getRepository(Deal).save(
      manager.getRepository(Deal).create({
        organizationId: actor.organizationId,
        title: input.title,
        customerId: input.customerId,
        stage,
        amountMinor: input.amountMinor ?? 0,
        currency: input.currency ?? DEFAULT_CURRENCY,
        assigneeId: input.assigneeId ?? null,
        expectedCloseDate: input.expectedCloseDate ?? null,
        closedAt: CLOSED_DEAL_STAGES.includes(stage) ? new Date() : null,
      }),
    );
    const dto = toDealDto(deal);
    await this.events.append(manager, {
      type: 'deal.created',
      organizationId: actor.organizationId,
      aggregateType: 'deal',
      aggregateId: deal.id,
      actor: eventActor(actor),
      payload: { deal: dto },
    });
    return dto;
  }

  async update(actor: Actor, id: string, input: UpdateDealDto): Promise<DealDto> {
    this.policy.assertAllowed(actor, 'update', 'deals');
    const scope = this.policy.readScope(actor, 'deals');
    return this.dataSource.transaction(async (manager) => {
      const deal = await this.deals.findById(scope, id, manager, true);
      if (!deal) throw CrmException.notFound('Deal', id);
      this.policy.assertCan(actor, 'update', 'deals', deal);
      const before = toDealDto(deal);
      Object.assign(deal, definedOnly(input));
      // The record must stay within what the actor may change (an employee cannot hand it to someone else).
      this.policy.assertCan(actor, 'update', 'deals', deal);
      if (deal.assigneeId && deal.assigneeId !== before.assigneeId) {
        await this.users.assertAssignable(actor.organizationId, deal.assigneeId, manager);
      }
      if (deal.stage !== before.stage) {
        deal.closedAt = CLOSED_DEAL_STAGES.includes(deal.stage) ? new Date() : null;
      }
      const after = toDealDto(await manager.getRepository(Deal).save(deal));
      const common = {
        organizationId: actor.organizationId,
        aggregateType: 'deal' as const,
        aggregateId: deal.id,
        actor: eventActor(actor),
      };
      if (after.stage !== before.stage) {
        await this.events.append(manager, {
          ...common,
          type: 'deal.stage_changed',
          payload: { deal: after, from: before.stage, to: after.stage },
        });
      }
      if (after.assigneeId !== before.assigneeId) {
        await this.events.append(manager, {
          ...common,
          type: 'deal.assigned',
          payload: { deal: after, previousAssigneeId: before.assigneeId },
        });
      }
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'deals');
    const scope = this.policy.readScope(actor, 'deals');
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.deals.findById(scope, id, manager, true);
      if (!deal) throw CrmException.notFound('Deal', id);
      this.policy.assertCan(actor, 'delete', 'deals', deal);
      await manager.getRepository(Deal).delete({ id: deal.id, organizationId: deal.organizationId });
    });
  }
}
