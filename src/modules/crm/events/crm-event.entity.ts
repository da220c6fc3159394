import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { Organization } from '../organizations/organization.entity';

/**
 * A domain event, written in the same transaction as the change that caused it; the
 * dispatcher delivers it to every registered consumer at least once.
 */
@Entity({ name: 'crm_events' })
@Index('ix_crm_events_txid_id', ['txid', 'id'])
@Index('ix_crm_events_aggregate', ['aggregateType', 'aggregateId', 'id'])
@Index('ix_crm_events_organization_created', ['organizationId', 'createdAt'])
export class CrmEvent {
  // bigint comes back from node-postgres as a string; ids stay strings in code.
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_crm_events' })
  id!: string;

  /**
   * The writing transaction's id (pg_current_xact_id). The dispatcher fans out only events of
   * transactions older than every running one, so a slow commit never makes it skip an event.
   */
  @Column({ type: 'bigint' })
  txid!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_crm_events_organization' })
  organization?: Relation<Organization>;

  /** `deal.stage_changed`, `ticket.created`, ... */
  @Column({ type: 'varchar', length: 60 })
  type!: string;

  /** `deal`, `ticket`, ...: events of one aggregate reach each consumer in order. */
  @Column({ type: 'varchar', length: 30 })
  aggregateType!: string;

  @Column({ type: 'uuid' })
  aggregateId!: string;

  /** Who caused it (null for the system); no foreign key, the log outlives accounts. */
  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
