import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  Relation,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { bigintAsNumber } from '../common/columns';
import { PAYMENT_METHODS, PaymentMethod, sqlList } from '../crm.constants';
import { Customer } from '../customers/customer.entity';
import { Invoice } from '../invoices/invoice.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** Money received against an invoice. */
@Entity({ name: 'payments' })
@Index('ix_payments_organization_invoice', ['organizationId', 'invoiceId'])
@Index('ix_payments_organization_customer', ['organizationId', 'customerId'])
@Index('ix_payments_organization_paid', ['organizationId', 'paidAt'])
@Check('ck_payments_amount', `"amount_minor" > 0`)
@Check('ck_payments_method', `"method" IN (${sqlList(PAYMENT_METHODS)})`)
@Check('ck_payments_currency', `"currency" ~ '^[A-Z]{3}$'`)
export class Payment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_payments' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_payments_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'uuid' })
  invoiceId!: string;

  // Only draft invoices can be deleted, and drafts take no payments.
  @ManyToOne(() => Invoice, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'fk_payments_invoice' })
  invoice?: Relation<Invoice>;

  /** The invoice's customer, copied so that a customer's payments are one indexed lookup. */
  @Column({ type: 'uuid' })
  customerId!: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_payments_customer' })
  customer?: Relation<Customer>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amountMinor!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 20, default: 'other' })
  method!: PaymentMethod;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reference!: string | null;

  @Column({ type: 'timestamptz' })
  paidAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  recordedById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'recorded_by_id', foreignKeyConstraintName: 'fk_payments_recorded_by' })
  recordedBy?: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
