import { Column, CreateDateColumn, Entity, UpdateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A tenant: every other CRM row carries its id, and every query filters by it. */
@Entity({ name: 'organizations' })
export class Organization {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_organizations' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Last invoice number handed out (INV-000042), incremented under the row lock. */
  @Column({ type: 'integer', default: 0 })
  invoiceSequence!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
