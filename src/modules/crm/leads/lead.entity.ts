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
import { LEAD_STATUSES, LeadStatus, sqlList } from '../crm.constants';
import { Customer } from '../customers/customer.entity';
import { Deal } from '../deals/deal.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** A prospect not yet a customer; converting it creates a customer and a deal. */
@Entity({ name: 'leads' })
@Index('ix_leads_organization_status', ['organizationId', 'status'])
@Index('ix_leads_organization_assignee', ['organizationId', 'assigneeId'])
@Index('ix_leads_organization_created', ['organizationId', 'createdAt'])
@Check('ck_leads_status', `"status" IN (${sqlList(LEAD_STATUSES)})`)
export class Lead {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_leads' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_leads_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  company!: string | null;

  /** Where the lead came from (facebook, website, referral, ...). */
  @Column({ type: 'varchar', length: 50, nullable: true })
  source!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'new' })
  status!: LeadStatus;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_leads_assignee' })
  assignee?: Relation<User> | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'uuid', nullable: true })
  convertedCustomerId!: string | null;

  @ManyToOne(() => Customer, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'converted_customer_id', foreignKeyConstraintName: 'fk_leads_converted_customer' })
  convertedCustomer?: Relation<Customer> | null;

  @Column({ type: 'uuid', nullable: true })
  convertedDealId!: string | null;

  @ManyToOne(() => Deal, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'converted_deal_id', foreignKeyConstraintName: 'fk_leads_converted_deal' })
  convertedDeal?: Relation<Deal> | null;

  @Column({ type: 'timestamptz', nullable: true })
  convertedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
