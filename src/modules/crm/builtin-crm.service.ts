import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/policy.types';
import { Page, PageQueryDto, PageRequest } from './common/page';
import { validateInput } from './common/validation';
import { CredentialCheck, CrmPort } from './crm.port';
import { CreateCustomerDto, CustomerDto, CustomerQueryDto, UpdateCustomerDto } from './customers/customer.dto';
import { CustomersService } from './customers/customers.service';
import { CreateDealDto, DealDto, DealQueryDto, UpdateDealDto } from './deals/deal.dto';
import { DealsService } from './deals/deals.service';
import { CreateInvoiceDto, InvoiceDto, InvoiceQueryDto, UpdateInvoiceDto } from './invoices/invoice.dto';
import { InvoicesService } from './invoices/invoices.service';
import {
  ConvertLeadDto,
  ConvertLeadResultDto,
  CreateLeadDto,
  LeadDto,
  LeadQueryDto,
  UpdateLeadDto,
} from './leads/lead.dto';
import { LeadsService } from './leads/leads.service';
import { CreatePaymentDto, PaymentDto, PaymentQueryDto, RecordedPaymentDto } from './payments/payment.dto';
import { PaymentsService } from './payments/payments.service';
import { StatsDto } from './stats/stats.dto';
import { StatsService } from './stats/stats.service';
import {
  CreateTicketCommentDto,
  CreateTicketDto,
  TicketCommentDto,
  TicketDto,
  TicketQueryDto,
  UpdateTicketDto,
} from './tickets/ticket.dto';
import { TicketsService } from './tickets/tickets.service';
import { ProfileDto, UserDto } from './users/user.dto';
import { UsersService } from './users/users.service';

/**
 * The built-in CRM behind CRM_PORT. It validates input with the REST DTOs (callers such as AI
 * tools send whatever they like) and delegates to the same services as the REST controllers.
 */
@Injectable()
export class BuiltInCrmService implements CrmPort {
  constructor(
    private readonly users: UsersService,
    private readonly customers: CustomersService,
    private readonly leads: LeadsService,
    private readonly deals: DealsService,
    private readonly tickets: TicketsService,
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
    private readonly stats: StatsService,
  ) {}

  findUserByEmail(email: string): Promise<UserDto | null> {
    return this.users.findByEmail(email);
  }

  verifyCredentials(email: string, password: string): Promise<CredentialCheck> {
    return this.users.verifyCredentials(email, password);
  }

  recordLogin(userId: string): Promise<void> {
    return this.users.recordLogin(userId);
  }

  getActor(userId: string, via: Actor['via'] = 'token'): Promise<Actor | null> {
    return this.users.getActor(userId, via);
  }

  getProfile(actor: Actor): Promise<ProfileDto> {
    return this.users.getProfile(actor);
  }

  async listCustomers(actor: Actor, query: CustomerQueryDto = {}): Promise<Page<CustomerDto>> {
    return this.customers.list(actor, await validateInput(CustomerQueryDto, query));
  }

  getCustomer(actor: Actor, id: string): Promise<CustomerDto> {
    return this.customers.get(actor, id);
  }

  async createCustomer(actor: Actor, input: CreateCustomerDto): Promise<CustomerDto> {
    return this.customers.create(actor, await validateInput(CreateCustomerDto, input));
  }

  async updateCustomer(actor: Actor, id: string, input: UpdateCustomerDto): Promise<CustomerDto> {
    return this.customers.update(actor, id, await validateInput(UpdateCustomerDto, input));
  }

  async listLeads(actor: Actor, query: LeadQueryDto = {}): Promise<Page<LeadDto>> {
    return this.leads.list(actor, await validateInput(LeadQueryDto, query));
  }

  getLead(actor: Actor, id: string): Promise<LeadDto> {
    return this.leads.get(actor, id);
  }

  async createLead(actor: Actor, input: CreateLeadDto): Promise<LeadDto> {
    return this.leads.create(actor, await validateInput(CreateLeadDto, input));
  }

  async updateLead(actor: Actor, id: string, input: UpdateLeadDto): Promise<LeadDto> {
    return this.leads.update(actor, id, await validateInput(UpdateLeadDto, input));
  }

  async convertLead(actor: Actor, id: string, input: ConvertLeadDto = {}): Promise<ConvertLeadResultDto> {
    return this.leads.convert(actor, id, await validateInput(ConvertLeadDto, input));
  }

  async listDeals(actor: Actor, query: DealQueryDto = {}): Promise<Page<DealDto>> {
    return this.deals.list(actor, await validateInput(DealQueryDto, query));
  }

  getDeal(actor: Actor, id: string): Promise<DealDto> {
    return this.deals.get(actor, id);
  }

  async createDeal(actor: Actor, input: CreateDealDto): Promise<DealDto> {
    return this.deals.create(actor, await validateInput(CreateDealDto, input));
  }

  async updateDeal(actor: Actor, id: string, input: UpdateDealDto): Promise<DealDto> {
    return this.deals.update(actor, id, await validateInput(UpdateDealDto, input));
  }

  async listTickets(actor: Actor, query: TicketQueryDto = {}): Promise<Page<TicketDto>> {
    return this.tickets.list(actor, await validateInput(TicketQueryDto, query));
  }

  getTicket(actor: Actor, id: string): Promise<TicketDto> {
    return this.tickets.get(actor, id);
  }

  async createTicket(actor: Actor, input: CreateTicketDto): Promise<TicketDto> {
    return this.tickets.create(actor, await validateInput(CreateTicketDto, input));
  }

  async updateTicket(actor: Actor, id: string, input: UpdateTicketDto): Promise<TicketDto> {
    return this.tickets.update(actor, id, await validateInput(UpdateTicketDto, input));
  }

  async listTicketComments(actor: Actor, ticketId: string, page: PageRequest = {}): Promise<Page<TicketCommentDto>> {
    return this.tickets.listComments(actor, ticketId, await validateInput(PageQueryDto, page));
  }

  async addTicketComment(actor: Actor, ticketId: string, input: CreateTicketCommentDto): Promise<TicketCommentDto> {
    return this.tickets.addComment(actor, ticketId, await validateInput(CreateTicketCommentDto, input));
  }

  async listInvoices(actor: Actor, query: InvoiceQueryDto = {}): Promise<Page<InvoiceDto>> {
    return this.invoices.list(actor, await validateInput(InvoiceQueryDto, query));
  }

  getInvoice(actor: Actor, id: string): Promise<InvoiceDto> {
    return this.invoices.get(actor, id);
  }

  async createInvoice(actor: Actor, input: CreateInvoiceDto): Promise<InvoiceDto> {
    return this.invoices.create(actor, await validateInput(CreateInvoiceDto, input));
  }

  async updateInvoice(actor: Actor, id: string, input: UpdateInvoiceDto): Promise<InvoiceDto> {
    return this.invoices.update(actor, id, await validateInput(UpdateInvoiceDto, input));
  }

  async listPayments(actor: Actor, query: PaymentQueryDto = {}): Promise<Page<PaymentDto>> {
    return this.payments.list(actor, await validateInput(PaymentQueryDto, query));
  }

  getPayment(actor: Actor, id: string): Promise<PaymentDto> {
    return this.payments.get(actor, id);
  }

  async recordPayment(actor: Actor, input: CreatePaymentDto): Promise<RecordedPaymentDto> {
    return this.payments.record(actor, await validateInput(CreatePaymentDto, input));
  }

  getStats(actor: Actor): Promise<StatsDto> {
    return this.stats.get(actor);
  }
}
