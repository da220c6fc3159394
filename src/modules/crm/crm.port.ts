import type { Actor } from '../auth/policy.types';
import type { Page, PageRequest } from './common/page';
import type { CreateCustomerDto, CustomerDto, CustomerQueryDto, UpdateCustomerDto } from './customers/customer.dto';
import type { CreateDealDto, DealDto, DealQueryDto, UpdateDealDto } from './deals/deal.dto';
import type { CreateInvoiceDto, InvoiceDto, InvoiceQueryDto, UpdateInvoiceDto } from './invoices/invoice.dto';
import type {
  ConvertLeadDto,
  ConvertLeadResultDto,
  CreateLeadDto,
  LeadDto,
  LeadQueryDto,
  UpdateLeadDto,
} from './leads/lead.dto';
import type { CreatePaymentDto, PaymentDto, PaymentQueryDto, RecordedPaymentDto } from './payments/payment.dto';
import type { StatsDto } from './stats/stats.dto';
import type {
  CreateTicketCommentDto,
  CreateTicketDto,
  TicketCommentDto,
  TicketDto,
  TicketQueryDto,
  UpdateTicketDto,
} from './tickets/ticket.dto';
import type { ProfileDto, UserDto } from './users/user.dto';
import type { CredentialCheck } from './users/users.service';

/** Inject with `@Inject(CRM_PORT) crm: CrmPort` (import CrmModule). */
export const CRM_PORT = Symbol('CRM_PORT');

export type { CredentialCheck };

/**
 * What the rest of the service (bot, AI tools, auth, sync) needs from a CRM. The built-in CRM
 * implements it; an adapter can point it at another CRM.
 *
 * Every record method takes the acting user and applies the role rules of SPEC §13 (the same
 * PolicyService as the REST API): lists are scoped, other organizations' records are not found
 * (CrmException NOT_FOUND), forbidden changes throw AuthException FORBIDDEN, bad input throws
 * VALIDATION_FAILED with per-field details. Inputs are validated here too, not only over HTTP.
 * Amounts are integer minor units with an ISO 4217 currency.
 */
export interface CrmPort {
  // --- identity ---
  /** Any organization (emails are unique); null when unknown. */
  findUserByEmail(email: string): Promise<UserDto | null>;
  /** Checks a password without throttling (callers throttle). `disabled` only when the password was right. */
  verifyCredentials(email: string, password: string): Promise<CredentialCheck>;
  /** Stamps a successful login. */
  recordLogin(userId: string): Promise<void>;
  /** The actor a user id stands for now, or null when the account is gone or disabled. */
  getActor(userId: string, via?: Actor['via']): Promise<Actor | null>;
  getProfile(actor: Actor): Promise<ProfileDto>;

  // --- records, always for an actor ---
  listCustomers(actor: Actor, query?: CustomerQueryDto): Promise<Page<CustomerDto>>;
  getCustomer(actor: Actor, id: string): Promise<CustomerDto>;
  createCustomer(actor: Actor, input: CreateCustomerDto): Promise<CustomerDto>;
  updateCustomer(actor: Actor, id: string, input: UpdateCustomerDto): Promise<CustomerDto>;

  listLeads(actor: Actor, query?: LeadQueryDto): Promise<Page<LeadDto>>;
  getLead(actor: Actor, id: string): Promise<LeadDto>;
  createLead(actor: Actor, input: CreateLeadDto): Promise<LeadDto>;
  updateLead(actor: Actor, id: string, input: UpdateLeadDto): Promise<LeadDto>;
  convertLead(actor: Actor, id: string, input?: ConvertLeadDto): Promise<ConvertLeadResultDto>;

  listDeals(actor: Actor, query?: DealQueryDto): Promise<Page<DealDto>>;
  getDeal(actor: Actor, id: string): Promise<DealDto>;
  createDeal(actor: Actor, input: CreateDealDto): Promise<DealDto>;
  updateDeal(actor: Actor, id: string, input: UpdateDealDto): Promise<DealDto>;

  listTickets(actor: Actor, query?: TicketQueryDto): Promise<Page<TicketDto>>;
  getTicket(actor: Actor, id: string): Promise<TicketDto>;
  createTicket(actor: Actor, input: CreateTicketDto): Promise<TicketDto>;
  updateTicket(actor: Actor, id: string, input: UpdateTicketDto): Promise<TicketDto>;
  listTicketComments(actor: Actor, ticketId: string, page?: PageRequest): Promise<Page<TicketCommentDto>>;
  addTicketComment(actor: Actor, ticketId: string, input: CreateTicketCommentDto): Promise<TicketCommentDto>;

  listInvoices(actor: Actor, query?: InvoiceQueryDto): Promise<Page<InvoiceDto>>;
  getInvoice(actor: Actor, id: string): Promise<InvoiceDto>;
  createInvoice(actor: Actor, input: CreateInvoiceDto): Promise<InvoiceDto>;
  updateInvoice(actor: Actor, id: string, input: UpdateInvoiceDto): Promise<InvoiceDto>;

  listPayments(actor: Actor, query?: PaymentQueryDto): Promise<Page<PaymentDto>>;
  getPayment(actor: Actor, id: string): Promise<PaymentDto>;
  recordPayment(actor: Actor, input: CreatePaymentDto): Promise<RecordedPaymentDto>;

  getStats(actor: Actor): Promise<StatsDto>;
}
