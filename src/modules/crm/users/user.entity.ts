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
import type { Role } from '../../auth/policy.types';
import { Customer } from '../customers/customer.entity';
import { Organization } from '../organizations/organization.entity';

/** A person who logs in: staff (vendor, employee) or a customer's contact (customer). */
@Entity({ name: 'users' })
@Index('uq_users_email', ['email'], { unique: true })
@Index('ix_users_organization_role', ['organizationId', 'role'])
@Index('ix_users_customer', ['customerId'])
@Check('ck_users_role', `"role" IN ('vendor', 'employee', 'customer')`)
@Check('ck_users_customer_link', `("role" = 'customer') = ("customer_id" IS NOT NULL)`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_users_organization' })
  organization?: Relation<Organization>;

  /** Lower-cased; one account per email across organizations (login takes only the email). */
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  /** The customer a customer user belongs to (null for staff). A customer with accounts cannot be deleted. */
  @Column({ type: 'uuid', nullable: true })
  customerId!: string | null;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_users_customer' })
  customer?: Relation<Customer> | null;

  /** Set when a vendor disables the account: its tokens stop working at once. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
