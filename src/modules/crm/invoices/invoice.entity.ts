import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  Relation,
  UpdateDateColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { bigintAsNumber } from '../common/columns';
import { INVOICE_STATUSES, InvoiceStatus, sqlList } from '../crm.constants';
import { Customer } from '../customers/customer.entity';
import { Deal } from '../deals/deal.entity';
import { Organization } from '../organizations/organization.entity';

/** A bill to a customer; payments raise `paid_minor` until it is paid. */
@Entity({ name: 'invoices' })
@Index('uq_invoices_organization_number', ['organizationId', 'number'], { unique: true })
@Index('ix_invoices_organization_status_due', ['organizationId', 'status', 'dueDate'])
@Index('ix_invoices_organization_customer', ['organizationId', 'customerId'])
@Index('ix_invoices_organization_created', ['organizationId', 'createdAt'])
@Index('ix_invoices_status_due', ['status', 'dueDate'])
@Check('ck_invoices_status', `"status" IN (${sqlList(INVOICE_STATUSES)})`)
@Check('ck_invoices_amounts', `"amount_minor" >= 0 AND "paid_minor" >= 0`)
@Check('ck_invoices_currency', `"currency" ~ '^[A-Z]{3}$'`)
export class Invoice {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_invoices' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_invoices_organization' })
  organization?: Relation<Organization>;

  /** Invoices are financial records: a customer that has any cannot be deleted. */
  @Column({ type: 'uuid' })
  customerId!: string;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_invoices_customer' })
  customer?: Relation<Customer>;

  @Column({ type: 'uuid', nullable: true })
  dealId!: string | null;

  @ManyToOne(() => Deal, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_invoices_deal' })
  deal?: Relation<Deal> | null;

  /** INV-000001, per organization. */
  @Column({ type: 'varchar', length: 30 })
  number!: string;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status!: InvoiceStatus;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amountMinor!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  paidMinor!: number;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate!: string | null;

  /** When it was sent. */
  @Column({ type: 'timestamptz', nullable: true })
  issuedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
