import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { Page, pageWindow } from '../common/page';
import { CrmErrorCode, CrmException } from '../crm.exception';
import { CustomersRepository } from '../customers/customers.repository';
import { CustomersService } from '../customers/customers.service';
import { DEFAULT_CURRENCY, DealsService } from '../deals/deals.service';
import { CrmEventsWriter, eventActor } from '../events/crm-events.writer';
import { CreateInvoiceDto, InvoiceDto, InvoiceQueryDto, toInvoiceDto, UpdateInvoiceDto } from './invoice.dto';
import { Invoice } from './invoice.entity';
import { InvoicesRepository } from './invoices.repository';

/** Today's date in UTC, `YYYY-MM-DD` (due dates are calendar dates; the service counts in UTC). */
export function utcDate(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

@Injectable()
export class InvoicesService {
  private readonly logger = new Logger(InvoicesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invoices: InvoicesRepository,
    private readonly customerRows: CustomersRepository,
    private readonly customers: CustomersService,
    private readonly deals: DealsService,
    private readonly policy: PolicyService,
    private readonly events: CrmEventsWriter,
  ) {}

  async list(actor: Actor, query: InvoiceQueryDto): Promise<Page<InvoiceDto>> {
    const scope = this.policy.readScope(actor, 'invoices');
    if (query.customerId) await this.customers.assertVisible(actor, query.customerId);
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await this.invoices.list(
      scope,
      { status: query.status, customerId: query.customerId },
      limit,
      offset,
    );
    return { items: rows.map(toInvoiceDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<InvoiceDto> {
    const invoice = await this.invoices.findById(this.policy.readScope(actor, 'invoices'), id);
    if (!invoice) throw CrmException.notFound('Invoice', id);
    return toInvoiceDto(invoice);
  }

  async create(actor: Actor, input: CreateInvoiceDto): Promise<InvoiceDto> {
    this.policy.assertAllowed(actor, 'create', 'invoices');
    this.policy.assertCan(actor, 'create', 'invoices', {
      organizationId: actor.organizationId,
      customerId: input.customerId,
    });
    return this.dataSource.transaction(async (manager) => {
      const customer = await this.customers.assertVisible(actor, input.customerId, manager);
      if (input.dealId) {
        const deal = await this.deals.get(actor, input.dealId);
        if (deal.customerId !== customer.id) {
          throw new CrmException(CrmErrorCode.VALIDATION_FAILED, 'The deal belongs to another customer.', [
            { field: 'dealId', problems: ['dealId must be a deal of the same customer'] },
          ]);
        }
      }
      const status = input.status ?? 'draft';
      const invoice = await manager.getRepository(Invoice).save(
        manager.getRepository(Invoice).create({
          organizationId: actor.organizationId,
          customerId: customer.id,
          dealId: input.dealId ?? null,
          number: await this.invoices.nextNumber(manager, actor.organizationId),
          status,
          currency: input.currency ?? DEFAULT_CURRENCY,
          amountMinor: input.amountMinor,
          paidMinor: 0,
          description: input.description ?? null,
          dueDate: input.dueDate ?? null,
          issuedAt: status === 'sent' ? new Date() : null,
          paidAt: null,
        }),
      );
      const dto = toInvoiceDto(invoice);
      await this.events.append(manager, {
        type: 'invoice.created',
        organizationId: actor.organizationId,
        aggregateType: 'invoice',
        aggregateId: invoice.id,
        actor: eventActor(actor),
        payload: { invoice: dto, customer: { id: customer.id, name: customer.name } },
      });
      return dto;
    });
  }

  async update(actor: Actor, id: string, input: UpdateInvoiceDto): Promise<InvoiceDto> {
    this.policy.assertAllowed(actor, 'update', 'invoices');
    const scope = this.policy.readScope(actor, 'invoices');
    return this.dataSource.transaction(async (manager) => {
      const invoice = await this.invoices.findById(scope, id, manager, true);
      if (!invoice) throw CrmException.notFound('Invoice', id);
      this.policy.assertCan(actor, 'update', 'invoices', invoice);
      const before = toInvoiceDto(invoice);
      if ((input.amountMinor !== undefined || input.currency !== undefined) && invoice.status !== 'draft') {
        throw new CrmException(
          CrmErrorCode.INVOICE_LOCKED,
          'Amount and currency change only while the invoice is a draft.',
        );
      }
      if (input.amountMinor !== undefined) invoice.amountMinor = input.amountMinor;
      if (input.currency !== undefined) invoice.currency = input.currency;
      if (input.description !== undefined) invoice.description = input.description;
      if (input.dueDate !== undefined) {
        invoice.dueDate = input.dueDate;
        // A new due date in the future lifts the overdue mark; the sweep sets it again when due.
        if (invoice.status === 'overdue' && (input.dueDate === null || input.dueDate >= utcDate()))
          invoice.status = 'sent';
      }
      if (input.status !== undefined && input.status !== invoice.status) {
        this.applyStatus(invoice, input.status);
      }
      const after = toInvoiceDto(await manager.getRepository(Invoice).save(invoice));
      if (after.status !== before.status) {
        await this.events.append(manager, {
          type: 'invoice.status_changed',
          organizationId: actor.organizationId,
          aggregateType: 'invoice',
          aggregateId: invoice.id,
          actor: eventActor(actor),
          payload: {
            invoice: after,
            customer: await this.customerSummary(manager, invoice),
            from: before.status,
            to: after.status,
          },
        });
      }
      return after;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'invoices');
    const scope = this.policy.readScope(actor, 'invoices');
    await this.dataSource.transaction(async (manager) => {
      const invoice = await this.invoices.findById(scope, id, manager, true);
      if (!invoice) throw CrmException.notFound('Invoice', id);
      this.policy.assertCan(actor, 'delete', 'invoices', invoice);
      if (invoice.status !== 'draft') {
        throw new CrmException(
          CrmErrorCode.INVOICE_LOCKED,
          'Only draft invoices are deleted; void a sent invoice instead.',
        );
      }
      await manager.getRepository(Invoice).delete({ id: invoice.id, organizationId: invoice.organizationId });
    });
  }

  /**
   * Marks every sent invoice past its due date overdue, with an `invoice.overdue` event each.
   * Safe on several workers at once: the UPDATE takes each row once.
   */
  async markOverdueInvoices(now = new Date()): Promise<InvoiceDto[]> {
    const marked = await this.dataSource.transaction(async (manager) => {
      const invoices = await this.invoices.markOverdue(manager, utcDate(now));
      for (const invoice of invoices) {
        await this.events.append(manager, {
          type: 'invoice.overdue',
          organizationId: invoice.organizationId,
          aggregateType: 'invoice',
          aggregateId: invoice.id,
          actor: null,
          payload: { invoice: toInvoiceDto(invoice), customer: await this.customerSummary(manager, invoice) },
        });
      }
      return invoices.map(toInvoiceDto);
    });
    if (marked.length > 0) this.logger.log(`Marked ${marked.length} invoice(s) overdue`);
    return marked;
  }

  /** Locks an invoice of the organization for a payment (404 when the actor may not see it). */
  async lockForPayment(manager: EntityManager, actor: Actor, invoiceId: string): Promise<Invoice> {
    const invoice = await this.invoices.findById(this.policy.readScope(actor, 'invoices'), invoiceId, manager, true);
    if (!invoice) throw CrmException.notFound('Invoice', invoiceId);
    return invoice;
  }

  /**
   * Recomputes an invoice after its payments changed (inside the payment's transaction), with
   * an `invoice.status_changed` event when its status moves.
   */
  async applyPayments(manager: EntityManager, actor: Actor, invoice: Invoice, paidMinor: number): Promise<InvoiceDto> {
    const from = invoice.status;
    invoice.paidMinor = paidMinor;
    if (paidMinor >= invoice.amountMinor && invoice.amountMinor > 0) {
      invoice.status = 'paid';
      invoice.paidAt ??= new Date();
    } else if (invoice.status === 'paid') {
      invoice.status = invoice.dueDate !== null && invoice.dueDate < utcDate() ? 'overdue' : 'sent';
      invoice.paidAt = null;
    }
    const after = toInvoiceDto(await manager.getRepository(Invoice).save(invoice));
    if (after.status !== from) {
      await this.events.append(manager, {
        type: 'invoice.status_changed',
        organizationId: invoice.organizationId,
        aggregateType: 'invoice',
        aggregateId: invoice.id,
        actor: eventActor(actor),
        payload: { invoice: after, customer: await this.customerSummary(manager, invoice), from, to: after.status },
      });
    }
    return after;
  }

  private applyStatus(invoice: Invoice, status: 'sent' | 'void'): void {
    const allowed =
      status === 'sent'
        ? invoice.status === 'draft'
        : ['draft', 'sent', 'overdue'].includes(invoice.status) && invoice.paidMinor === 0;
    if (!allowed) {
      throw new CrmException(
        CrmErrorCode.INVALID_STATUS_TRANSITION,
        status === 'sent'
          ? `Only a draft is sent; this invoice is ${invoice.status}.`
          : `Only an unpaid invoice is voided; this one is ${invoice.status} with ${invoice.paidMinor} paid.`,
      );
    }
    invoice.status = status;
    if (status === 'sent') invoice.issuedAt = new Date();
  }

  private async customerSummary(manager: EntityManager, invoice: Invoice): Promise<{ id: string; name: string }> {
    const customer = await this.customerRows.getById(invoice.organizationId, invoice.customerId, manager);
    return { id: invoice.customerId, name: customer?.name ?? '' };
  }
}
