import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { DataSource, DeepPartial, EntityTarget, ObjectLiteral } from 'typeorm';
import { AuthTokenService } from '../../src/modules/auth/auth-token.service';
import { PasswordHasher } from '../../src/modules/auth/password-hasher.service';
import type { Actor, Role } from '../../src/modules/auth/policy.types';
import { Customer } from '../../src/modules/crm/customers/customer.entity';
import { Deal } from '../../src/modules/crm/deals/deal.entity';
import { Invoice } from '../../src/modules/crm/invoices/invoice.entity';
import { Lead } from '../../src/modules/crm/leads/lead.entity';
import { Organization } from '../../src/modules/crm/organizations/organization.entity';
import { Payment } from '../../src/modules/crm/payments/payment.entity';
import { TicketComment } from '../../src/modules/crm/tickets/ticket-comment.entity';
import { Ticket } from '../../src/modules/crm/tickets/ticket.entity';
import { User } from '../../src/modules/crm/users/user.entity';
import type { DealStage, InvoiceStatus, LeadStatus, TicketStatus } from '../../src/modules/crm/crm.constants';

/** A user made by the factory, with its password and a ready bearer token. */
export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  role: Role;
  organizationId: string;
  customerId: string | null;
  token: string;
  /** `{ authorization: 'Bearer …' }` for fetch. */
  headers: Record<string, string>;
  actor: Actor;
}

export interface UserOptions {
  role?: Role;
  organizationId?: string;
  /** For role customer; a new customer of the organization when left out. */
  customerId?: string;
  email?: string;
  name?: string;
  password?: string;
  disabled?: boolean;
}

/** Builds CRM rows directly (no HTTP, no events), e.g. `factory.user({ role: 'employee' })`. */
export interface Factory {
  organization(name?: string): Promise<Organization>;
  user(options?: UserOptions): Promise<TestUser>;
  customer(options: { organizationId: string } & Partial<Customer>): Promise<Customer>;
  lead(
    options: { organizationId: string; assigneeId?: string | null; status?: LeadStatus } & Partial<Lead>,
  ): Promise<Lead>;
  deal(
    options: {
      organizationId: string;
      customerId?: string;
      assigneeId?: string | null;
      stage?: DealStage;
    } & Partial<Deal>,
  ): Promise<Deal>;
  ticket(
    options: {
      organizationId: string;
      customerId?: string;
      assigneeId?: string | null;
      status?: TicketStatus;
    } & Partial<Ticket>,
  ): Promise<Ticket>;
  comment(options: {
    organizationId: string;
    ticketId: string;
    authorId: string | null;
    body?: string;
  }): Promise<TicketComment>;
  invoice(
    options: { organizationId: string; customerId?: string; status?: InvoiceStatus } & Partial<Invoice>,
  ): Promise<Invoice>;
  payment(options: { invoice: Invoice; amountMinor: number } & Partial<Payment>): Promise<Payment>;
  /** A bearer token for a user id (as login would issue). */
  tokenFor(user: { id: string; organizationId: string }): Promise<string>;
}

export function unique(prefix = 'x'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function createFactory(app: INestApplication): Factory {
  const dataSource = app.get(DataSource);
  const hasher = app.get(PasswordHasher);
  const tokens = app.get(AuthTokenService);
  const hashes = new Map<string, Promise<string>>();
  let invoiceNumber = 0;

  const save = async <T extends ObjectLiteral>(entity: EntityTarget<T>, values: Partial<T>): Promise<T> => {
    const repository = dataSource.getRepository(entity);
    return repository.save(repository.create(values as DeepPartial<T>));
  };
  const hash = (password: string): Promise<string> => {
    if (!hashes.has(password)) hashes.set(password, hasher.hash(password));
    return hashes.get(password)!;
  };

  const factory: Factory = {
    organization: (name = unique('Org')) => save(Organization, { name }),

    async user(options = {}) {
      const role = options.role ?? 'vendor';
      const organizationId = options.organizationId ?? (await factory.organization()).id;
      let customerId: string | null = null;
      if (role === 'customer') {
        customerId = options.customerId ?? (await factory.customer({ organizationId })).id;
      }
      const password = options.password ?? 'correct horse battery';
      const user = await save(User, {
        organizationId,
        email: (options.email ?? `${unique(role)}@example.test`).toLowerCase(),
        name: options.name ?? `Test ${role}`,
        role,
        customerId,
        passwordHash: await hash(password),
        disabledAt: options.disabled ? new Date() : null,
        lastLoginAt: null,
      });
      const token = await factory.tokenFor(user);
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        password,
        role,
        organizationId,
        customerId,
        token,
        headers: { authorization: `Bearer ${token}` },
        actor: { userId: user.id, organizationId, role, name: user.name, customerId, via: 'token' },
      };
    },

    customer: ({ organizationId, ...rest }) =>
      save(Customer, {
        organizationId,
        name: unique('Customer'),
        email: null,
        phone: null,
        company: null,
        notes: null,
        ...rest,
      }),

    async lead({ organizationId, ...rest }) {
      return save(Lead, {
        organizationId,
        name: unique('Lead'),
        email: null,
        phone: null,
        company: null,
        source: 'website',
        status: 'new',
        assigneeId: null,
        notes: null,
        ...rest,
      });
    },

    async deal({ organizationId, customerId, ...rest }) {
      return save(Deal, {
        organizationId,
        customerId: customerId ?? (await factory.customer({ organizationId })).id,
        title: unique('Deal'),
        stage: 'new',
        amountMinor: 10000,
        currency: 'USD',
        assigneeId: null,
        expectedCloseDate: null,
        closedAt: null,
        ...rest,
      });
    },

    async ticket({ organizationId, customerId, ...rest }) {
      return save(Ticket, {
        organizationId,
        customerId: customerId ?? (await factory.customer({ organizationId })).id,
        subject: unique('Ticket'),
        description: null,
        status: 'open',
        priority: 'normal',
        assigneeId: null,
        createdById: null,
        resolvedAt: null,
        ...rest,
      });
    },

    comment: ({ organizationId, ticketId, authorId, body }) =>
      save(TicketComment, { organizationId, ticketId, authorId, body: body ?? 'A comment' }),

    async invoice({ organizationId, customerId, ...rest }) {
      invoiceNumber += 1;
      return save(Invoice, {
        organizationId,
        customerId: customerId ?? (await factory.customer({ organizationId })).id,
        dealId: null,
        number: `T-${invoiceNumber}-${randomBytes(3).toString('hex')}`,
        status: 'sent',
        currency: 'USD',
        amountMinor: 50000,
        paidMinor: 0,
        description: null,
        dueDate: null,
        issuedAt: new Date(),
        paidAt: null,
        ...rest,
      });
    },

    payment: ({ invoice, amountMinor, ...rest }) =>
      save(Payment, {
        organizationId: invoice.organizationId,
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        amountMinor,
        currency: invoice.currency,
        method: 'other',
        reference: null,
        paidAt: new Date(),
        recordedById: null,
        ...rest,
      }),

    tokenFor: async (user) => (await tokens.issue(user)).accessToken,
  };
  return factory;
}
