import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  Relation,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** A machine client's key (X-Api-Key). Only its SHA-256 is stored; it acts as the vendor who made it. */
@Entity({ name: 'api_keys' })
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('ix_api_keys_organization_created', ['organizationId', 'createdAt'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_api_keys_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key, shown in lists so that people can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** Hex SHA-256 of the key: keys are 256 random bits, so a fast hash is enough. */
  @Column({ type: 'char', length: 64 })
  keyHash!: string;

  // A key dies with the account that made it.
  @Column({ type: 'uuid' })
  createdById!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_api_keys_created_by' })
  createdBy?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
