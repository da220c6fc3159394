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
import { DEAL_STAGES, DealStage, sqlList } from '../crm.constants';
import { Customer } from '../customers/customer.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** An opportunity with a customer, moving through the pipeline stages. */
@Entity({ name: 'deals' })
@Index('ix_deals_organization_stage', ['organizationId', 'stage'])
@Index('ix_deals_organization_assignee', ['organizationId', 'assigneeId'])
@Index('ix_deals_organization_customer', ['organizationId', 'customerId'])
@Index('ix_deals_organization_created', ['organizationId', 'createdAt'])
@Check('ck_deals_stage', `"stage" IN (${sqlList(DEAL_STAGES)})`)
@Check('ck_deals_amount', `"amount_minor" >= 0`)
@Check('ck_deals_currency', `"currency" ~ '^[A-Z]{3}$'`)
export class Deal {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_deals' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_deals_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_deals_customer' })
  customer?: Relation<Customer>;

  @Column({ type: 'varchar', length: 20, default: 'new' })
  stage!: DealStage;

  /** Integer minor units (cents) of `currency`. */
  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  amountMinor!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_deals_assignee' })
  assignee?: Relation<User> | null;

  @Column({ type: 'date', nullable: true })
  expectedCloseDate!: string | null;

  /** When the deal reached won or lost. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
