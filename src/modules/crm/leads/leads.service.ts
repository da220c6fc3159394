import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { Page, pageWindow } from '../common/page';
import { defaultAssignee, resolveMe } from '../common/references';
import { definedOnly } from '../common/validation';
import { CrmErrorCode, CrmException } from '../crm.exception';
import { CustomerDto } from '../customers/customer.dto';
import { CustomersRepository } from '../customers/customers.repository';
import { CustomersService } from '../customers/customers.service';
import { DealsService } from '../deals/deals.service';
import { CrmEventsWriter, eventActor } from '../events/crm-events.writer';
import { UsersService } from '../users/users.service';
import {
  ConvertLeadDto,
  ConvertLeadResultDto,
  CreateLeadDto,
  LeadDto,
  LeadQueryDto,
  toLeadDto,
  UpdateLeadDto,
} from './lead.dto';
import { Lead } from './lead.entity';
import { LeadsRepository } from './leads.repository';

@Injectable()
export class LeadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsRepository,
    private readonly customerRows: CustomersRepository,
    private readonly customers: CustomersService,
    private readonly deals: DealsService,
    private readonly users: UsersService,
    private readonly policy: PolicyService,
    private readonly events: CrmEventsWriter,
  ) {}

  async list(actor: Actor, query: LeadQueryDto): Promise<Page<LeadDto>> {
    const scope = this.policy.readScope(actor, 'leads');
    const assigneeId = resolveMe(actor, query.assigneeId);
    if (assigneeId) await this.users.assertExists(actor.organizationId, assigneeId);
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await this.leads.list(
      scope,
      { status: query.status, assigneeId, search: query.search },
      limit,
      offset,
    );
    return { items: rows.map(toLeadDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<LeadDto> {
    const lead = await this.leads.findById(this.policy.readScope(actor, 'leads'), id);
    if (!lead) throw CrmException.notFound('Lead', id);
    return toLeadDto(lead);
  }

  async create(actor: Actor, input: CreateLeadDto): Promise<LeadDto> {
    this.policy.assertAllowed(actor, 'create', 'leads');
    const assigneeId = defaultAssignee(actor, input.assigneeId);
    this.policy.assertCan(actor, 'create', 'leads', { organizationId: actor.organizationId, assigneeId });
    return this.dataSource.transaction(async (manager) => {
      if (assigneeId) await this.users.assertAssignable(actor.organizationId, assigneeId, manager);
      const lead = await manager.getRepository(Lead).save(
        manager.getRepository(Lead).create({
          organizationId: actor.organizationId,
          name: input.name,
          email: input.email ?? null,
          phone: input.phone ?? null,
          company: input.company ?? null,
          source: input.source ?? null,
          status: input.status ?? 'new',
          assigneeId,
          notes: input.notes ?? null,
        }),
      );
      const dto = toLeadDto(lead);
      await this.events.append(manager, {
        type: 'lead.created',
        organizationId: actor.organizationId,
        aggregateType: 'lead',
        aggregateId: lead.id,
        actor: eventActor(actor),
        payload: { lead: dto },
      });
      return dto;
    });
  }

  async update(actor: Actor, id: string, input: UpdateLeadDto): Promise<LeadDto> {
    this.policy.assertAllowed(actor, 'update', 'leads');
    const scope = this.policy.readScope(actor, 'leads');
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.leads.findById(scope, id, manager, true);
      if (!lead) throw CrmException.notFound('Lead', id);
      this.policy.assertCan(actor, 'update', 'leads', lead);
      const before = toLeadDto(lead);
      if (before.status === 'converted' && input.status !== undefined && input.status !== 'converted') {
        throw new CrmException(CrmErrorCode.LEAD_ALREADY_CONVERTED, 'A converted lead keeps its status.');
      }
      Object.assign(lead, definedOnly(input));
      this.policy.assertCan(actor, 'update', 'leads', lead);
      if (lead.assigneeId && lead.assigneeId !== before.assigneeId) {
        await this.users.assertAssignable(actor.organizationId, lead.assigneeId, manager);
      }
      const after = toLeadDto(await manager.getRepository(Lead).save(lead));
      if (after.assigneeId !== before.assigneeId) {
        await this.events.append(manager, {
          type: 'lead.assigned',
          organizationId: actor.organizationId,
          aggregateType: 'lead',
          aggregateId: lead.id,
          actor: eventActor(actor),
          payload: { lead: after, previousAssigneeId: before.assigneeId },
        });
      }
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'leads');
    const scope = this.policy.readScope(actor, 'leads');
    await this.dataSource.transaction(async (manager) => {
      const lead = await this.leads.findById(scope, id, manager, true);
      if (!lead) throw CrmException.notFound('Lead', id);
      this.policy.assertCan(actor, 'delete', 'leads', lead);
      await manager.getRepository(Lead).delete({ id: lead.id, organizationId: lead.organizationId });
    });
  }

  /**
   * Turns a lead into a customer (an existing one when given, or the one with the lead's
   * email) and a deal, in one transaction. Changing the lead is what the actor needs to be
   * allowed: an employee converts the leads assigned to them.
   */
  async convert(actor: Actor, id: string, input: ConvertLeadDto): Promise<ConvertLeadResultDto> {
    this.policy.assertAllowed(actor, 'update', 'leads');
    const scope = this.policy.readScope(actor, 'leads');
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.leads.findById(scope, id, manager, true);
      if (!lead) throw CrmException.notFound('Lead', id);
      this.policy.assertCan(actor, 'update', 'leads', lead);
      if (lead.status === 'converted') {
        throw new CrmException(CrmErrorCode.LEAD_ALREADY_CONVERTED, `Lead ${lead.id} was already converted.`);
      }
      let customer: CustomerDto;
      if (input.customerId) {
        customer = await this.customers.assertVisible(actor, input.customerId, manager);
      } else {
        const existing = lead.email
          ? await this.customerRows.findByEmail(actor.organizationId, lead.email, manager)
          : null;
        customer = existing
          ? await this.customers.assertVisible(actor, existing.id, manager)
          : await this.customers.insert(manager, actor, {
              name: lead.company ?? lead.name,
              email: lead.email,
              phone: lead.phone,
              company: lead.company,
              notes: lead.notes,
            });
      }
      const deal = await this.deals.insert(manager, actor, {
        title: input.dealTitle ?? lead.company ?? lead.name,
        customerId: customer.id,
        stage: input.stage ?? 'qualified',
        amountMinor: input.amountMinor,
        currency: input.currency,
        assigneeId: lead.assigneeId ?? defaultAssignee(actor, undefined),
      });
      lead.status = 'converted';
      lead.convertedCustomerId = customer.id;
      lead.convertedDealId = deal.id;
      lead.convertedAt = new Date();
      const converted = toLeadDto(await manager.getRepository(Lead).save(lead));
      await this.events.append(manager, {
        type: 'lead.converted',
        organizationId: actor.organizationId,
        aggregateType: 'lead',
        aggregateId: lead.id,
        actor: eventActor(actor),
        payload: { lead: converted, customer, deal },
      });
      return { lead: converted, customer, deal };
    });
  }
}
