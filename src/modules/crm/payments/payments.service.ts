import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { Page, pageWindow } from '../common/page';
import { CrmErrorCode, CrmException } from '../crm.exception';
import { CustomersService } from '../customers/customers.service';
import { CrmEventsWriter, eventActor } from '../events/crm-events.writer';
import { InvoiceDto } from '../invoices/invoice.dto';
import { InvoicesService } from '../invoices/invoices.service';
import { CreatePaymentDto, PaymentDto, PaymentQueryDto, RecordedPaymentDto, toPaymentDto } from './payment.dto';
import { Payment } from './payment.entity';
import { PaymentsRepository } from './payments.repository';

@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentsRepository,
    private readonly invoices: InvoicesService,
    private readonly customers: CustomersService,
    private readonly policy: PolicyService,
    private readonly events: CrmEventsWriter,
  ) {}

  async list(actor: Actor, query: PaymentQueryDto): Promise<Page<PaymentDto>> {
    const scope = this.policy.readScope(actor, 'payments');
    if (query.invoiceId) await this.invoices.get(actor, query.invoiceId);
    if (query.customerId) await this.customers.assertVisible(actor, query.customerId);
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await this.payments.list(
      scope,
      { invoiceId: query.invoiceId, customerId: query.customerId },
      limit,
      offset,
    );
    return { items: rows.map(toPaymentDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<PaymentDto> {
    const payment = await this.payments.findById(this.policy.readScope(actor, 'payments'), id);
    if (!payment) throw CrmException.notFound('Payment', id);
    return toPaymentDto(payment);
  }

  /** Records money received; the invoice's paid amount and status follow in the same transaction. */
  async record(actor: Actor, input: CreatePaymentDto): Promise<RecordedPaymentDto> {
    this.policy.assertAllowed(actor, 'create', 'payments');
    return this.dataSource.transaction(async (manager) => {
      const invoice = await this.invoices.lockForPayment(manager, actor, input.invoiceId);
      this.policy.assertCan(actor, 'create', 'payments', invoice);
      if (!['sent', 'overdue'].includes(invoice.status)) {
        throw new CrmException(
          CrmErrorCode.INVOICE_NOT_PAYABLE,
          `Invoice ${invoice.number} is ${invoice.status}: only sent or overdue invoices take payments.`,
        );
      }
      const currency = invoice.currency.trim();
      if (input.currency !== undefined && input.currency !== currency) {
        throw new CrmException(CrmErrorCode.CURRENCY_MISMATCH, `Invoice ${invoice.number} is in ${currency}.`);
      }
      const balance = invoice.amountMinor - invoice.paidMinor;
      if (input.amountMinor > balance) {
        throw new CrmException(
          CrmErrorCode.PAYMENT_EXCEEDS_BALANCE,
          `The payment (${input.amountMinor}) is more than the balance of invoice ${invoice.number} (${balance}).`,
        );
      }
      const payment = await manager.getRepository(Payment).save(
        manager.getRepository(Payment).create({
          organizationId: actor.organizationId,
          invoiceId: invoice.id,
          customerId: invoice.customerId,
          amountMinor: input.amountMinor,
          currency,
          method: input.method ?? 'other',
          reference: input.reference ?? null,
          paidAt: input.paidAt ? new Date(input.paidAt) : new Date(),
          recordedById: actor.via === 'system' ? null : actor.userId,
        }),
      );
      const paid = await this.payments.sumForInvoice(manager, actor.organizationId, invoice.id);
      const updated: InvoiceDto = await this.invoices.applyPayments(manager, actor, invoice, paid);
      const dto = toPaymentDto(payment);
      await this.events.append(manager, {
        type: 'payment.recorded',
        organizationId: actor.organizationId,
        aggregateType: 'invoice',
        aggregateId: invoice.id,
        actor: eventActor(actor),
        payload: { payment: dto, invoice: updated },
      });
      return { payment: dto, invoice: updated };
    });
  }

  /** Deletes a payment recorded by mistake; the invoice goes back to what it owes. */
  async remove(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'payments');
    const scope = this.policy.readScope(actor, 'payments');
    await this.dataSource.transaction(async (manager) => {
      const found = await this.payments.findById(scope, id, manager);
      if (!found) throw CrmException.notFound('Payment', id);
      // Invoice first, then payment: the same lock order as recording one.
      const invoice = await this.invoices.lockForPayment(manager, actor, found.invoiceId);
      const payment = await this.payments.findById(scope, id, manager, true);
      if (!payment) throw CrmException.notFound('Payment', id);
      this.policy.assertCan(actor, 'delete', 'payments', payment);
      await manager.getRepository(Payment).delete({ id: payment.id, organizationId: payment.organizationId });
      await this.invoices.applyPayments(
        manager,
        actor,
        invoice,
        await this.payments.sumForInvoice(manager, actor.organizationId, invoice.id),
      );
    });
  }
}
