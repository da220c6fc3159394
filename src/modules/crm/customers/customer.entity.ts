import {
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
import { Organization } from '../organizations/organization.entity';

/** A client of the organization; customer users log in as one of these. */
@Entity({ name: 'customers' })
@Index('ix_customers_organization_created', ['organizationId', 'createdAt'])
@Index('uq_customers_organization_email', ['organizationId', 'email'], { unique: true })
export class Customer {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_customers' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_customers_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  company!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
