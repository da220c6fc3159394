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
import { Ticket } from './ticket.entity';

@Entity({ name: 'ticket_comments' })
@Index('ix_ticket_comments_ticket_created', ['ticketId', 'createdAt'])
@Index('ix_ticket_comments_organization', ['organizationId'])
export class TicketComment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_ticket_comments' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_ticket_comments_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_comments_ticket' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_ticket_comments_author' })
  author?: Relation<User> | null;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
