import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { Page, pageWindow } from '../common/page';
import { isForeignKeyViolation, isUniqueViolation } from '../common/query';
import { definedOnly } from '../common/validation';
import { CrmErrorCode, CrmException } from '../crm.exception';
import { CrmEventsWriter, eventActor } from '../events/crm-events.writer';
import { CreateCustomerDto, CustomerDto, CustomerQuery, toCustomerDto, UpdateCustomerDto } from './customer.dto';
import { Customer } from './customer.entity';
import { CustomersRepository } from './customers.repository';

@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersRepository,
    private readonly policy: PolicyService,
    private readonly events: CrmEventsWriter,
  ) {}

  async list(actor: Actor, query: CustomerQuery): Promise<Page<CustomerDto>> {
    const scope = this.policy.readScope(actor, 'customers');
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await this.customers.list(scope, { search: query.search }, limit, offset);
    return { items: rows.map(toCustomerDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<CustomerDto> {
    const scope = this.policy.readScope(actor, 'customers');
    const customer = await this.customers.findById(scope, id);
    if (!customer) throw CrmException.notFound('Customer', id);
    return toCustomerDto(customer);
  }

  async create(actor: Actor, input: CreateCustomerDto): Promise<CustomerDto> {
    this.policy.assertAllowed(actor, 'create', 'customers');
    this.policy.assertCan(actor, 'create', 'customers', { organizationId: actor.organizationId });
    try {
      return await this.dataSource.transaction((manager) => this.insert(manager, actor, input));
    } catch (error) {
      throw emailTaken(error) ?? error;
    }
  }

  /** Inserts a customer and its event inside the caller's transaction (also used by lead conversion). */
  async insert(manager: EntityManager, actor: Actor, input: CreateCustomerDto): Promise<CustomerDto> {
    const customer = await manager.getRepository(Customer).save(
      manager.getRepository(Customer).create({
        organizationId: actor.organizationId,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        company: input.company ?? null,
        notes: input.notes ?? null,
      }),
    );
    const dto = toCustomerDto(customer);
    await this.events.append(manager, {
      type: 'customer.created',
      organizationId: actor.organizationId,
      aggregateType: 'customer',
      aggregateId: customer.id,
      actor: eventActor(actor),
      payload: { customer: dto },
    });
    return dto;
  }

  /** 404 unless the actor may see the customer (list filters and references in bodies). */
  async assertVisible(actor: Actor, id: string, manager?: EntityManager): Promise<CustomerDto> {
    const customer = await this.customers.findById(this.policy.readScope(actor, 'customers'), id, manager);
    if (!customer) throw CrmException.notFound('Customer', id);
    return toCustomerDto(customer);
  }

  async update(actor: Actor, id: string, input: UpdateCustomerDto): Promise<CustomerDto> {
    this.policy.assertAllowed(actor, 'update', 'customers');
    const scope = this.policy.readScope(actor, 'customers');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const customer = await this.customers.findById(scope, id, manager, true);
        if (!customer) throw CrmException.notFound('Customer', id);
        this.policy.assertCan(actor, 'update', 'customers', { organizationId: customer.organizationId });
        Object.assign(customer, definedOnly(input));
        return toCustomerDto(await manager.getRepository(Customer).save(customer));
      });
    } catch (error) {
      throw emailTaken(error) ?? error;
    }
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'customers');
    const scope = this.policy.readScope(actor, 'customers');
    try {
      await this.dataSource.transaction(async (manager) => {
        const customer = await this.customers.findById(scope, id, manager, true);
        if (!customer) throw CrmException.notFound('Customer', id);
        this.policy.assertCan(actor, 'delete', 'customers', { organizationId: customer.organizationId });
        await manager.getRepository(Customer).delete({ id: customer.id, organizationId: customer.organizationId });
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new CrmException(
          CrmErrorCode.CUSTOMER_IN_USE,
          'This customer has invoices or user accounts: void the invoices and delete the accounts first.',
        );
      }
      throw error;
    }
  }
}

function emailTaken(error: unknown): CrmException | undefined {
  return isUniqueViolation(error, 'uq_customers_organization_email')
    ? new CrmException(CrmErrorCode.EMAIL_TAKEN, 'Another customer of the organization has this email.')
    : undefined;
}
