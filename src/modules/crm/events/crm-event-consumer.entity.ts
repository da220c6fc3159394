import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A registered consumer and how far events have been fanned out to it. Plumbing shared by all
 * organizations, so it has no organization_id.
 */
@Entity({ name: 'crm_event_consumers' })
export class CrmEventConsumer {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_crm_event_consumers' })
  name!: string;

  /** Every event at or before (cursor_txid, cursor_event_id) has a delivery row for this consumer. */
  @Column({ type: 'bigint' })
  cursorTxid!: string;

  @Column({ type: 'bigint' })
  cursorEventId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
