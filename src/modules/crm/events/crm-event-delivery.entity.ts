import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Relation,
} from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { CrmEventConsumer } from './crm-event-consumer.entity';
import { CrmEvent } from './crm-event.entity';

export const DELIVERY_STATUSES = ['pending', 'done', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event for one consumer: its progress, attempts and lease. */
@Entity({ name: 'crm_event_deliveries' })
@Index('ix_crm_event_deliveries_due', ['consumer', 'status', 'nextAttemptAt'])
@Index('ix_crm_event_deliveries_aggregate', ['consumer', 'aggregateType', 'aggregateId', 'eventId'])
@Index('ix_crm_event_deliveries_event', ['eventId'])
@Index('ix_crm_event_deliveries_organization', ['organizationId'])
@Check('ck_crm_event_deliveries_status', `"status" IN ('pending', 'done', 'failed')`)
export class CrmEventDelivery {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_crm_event_deliveries' })
  consumer!: string;

  @ManyToOne(() => CrmEventConsumer, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'consumer', foreignKeyConstraintName: 'fk_crm_event_deliveries_consumer' })
  consumerRow?: Relation<CrmEventConsumer>;

  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_crm_event_deliveries' })
  eventId!: string;

  @ManyToOne(() => CrmEvent, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_crm_event_deliveries_event' })
  event?: Relation<CrmEvent>;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_crm_event_deliveries_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'varchar', length: 30 })
  aggregateType!: string;

  @Column({ type: 'uuid' })
  aggregateId!: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** A dispatcher holds the delivery until then; after a crash another one takes it over. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
