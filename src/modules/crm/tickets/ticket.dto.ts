import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../common/page';
import { IsOptionalNotNull, trimmed, UUID_OR_ME } from '../common/validation';
import { TICKET_PRIORITIES, TICKET_STATUSES, TicketPriority, TicketStatus } from '../crm.constants';
import { Ticket } from './ticket.entity';
import { TicketComment } from './ticket-comment.entity';

export class TicketDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty({ example: 'Cannot log in' })
  subject!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ enum: TICKET_STATUSES })
  status!: TicketStatus;

  @ApiProperty({ enum: TICKET_PRIORITIES })
  priority!: TicketPriority;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdById!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  resolvedAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export function toTicketDto(t: Ticket): TicketDto {
  return {
    id: t.id,
    organizationId: t.organizationId,
    customerId: t.customerId,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    assigneeId: t.assigneeId,
    createdById: t.createdById,
    resolvedAt: t.resolvedAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export class TicketCommentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  ticketId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  authorId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Ann Vendor' })
  authorName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'vendor' })
  authorRole!: string | null;

  @ApiProperty()
  body!: string;

  @ApiProperty()
  createdAt!: Date;
}

export function toTicketCommentDto(c: TicketComment): TicketCommentDto {
  return {
    id: c.id,
    ticketId: c.ticketId,
    authorId: c.authorId,
    authorName: c.author?.name ?? null,
    authorRole: c.author?.role ?? null,
    body: c.body,
    createdAt: c.createdAt,
  };
}

export class CreateTicketDto {
  @ApiProperty({ example: 'Cannot log in' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string | null;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, default: 'normal' })
  @IsOptionalNotNull()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ format: 'uuid', description: "Staff: required. A customer's tickets are always their own." })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff only; defaults to the creating staff member' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;
}

export class UpdateTicketDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string | null;

  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptionalNotNull()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptionalNotNull()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;
}

export class CreateTicketCommentDto {
  @ApiProperty({ example: 'We are looking into it.' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body!: string;
}

export class TicketQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ description: 'A user id, or "me"' })
  @IsOptional()
  @Matches(UUID_OR_ME, { message: 'assigneeId must be a UUID or "me"' })
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}
