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
import { sqlList, TICKET_PRIORITIES, TICKET_STATUSES, TicketPriority, TicketStatus } from '../crm.constants';
import { Customer } from '../customers/customer.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** A support request of a customer. */
@Entity({ name: 'tickets' })
@Index('ix_tickets_organization_status', ['organizationId', 'status'])
@Index('ix_tickets_organization_assignee', ['organizationId', 'assigneeId'])
@Index('ix_tickets_organization_customer', ['organizationId', 'customerId'])
@Index('ix_tickets_organization_created', ['organizationId', 'createdAt'])
@Check('ck_tickets_status', `"status" IN (${sqlList(TICKET_STATUSES)})`)
@Check('ck_tickets_priority', `"priority" IN (${sqlList(TICKET_PRIORITIES)})`)
export class Ticket {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_tickets' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_tickets_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'uuid' })
  customerId!: string;

  @ManyToOne(() => Customer, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_tickets_customer' })
  customer?: Relation<Customer>;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status!: TicketStatus;

  @Column({ type: 'varchar', length: 20, default: 'normal' })
  priority!: TicketPriority;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_tickets_assignee' })
  assignee?: Relation<User> | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_tickets_created_by' })
  createdBy?: Relation<User> | null;

  /** When the ticket was last resolved or closed. */
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
