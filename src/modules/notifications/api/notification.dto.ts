import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../crm/common/page';
import { NOTIFICATION_STATUSES, NotificationStatus, RECIPIENT_TYPES, RecipientType } from '../notifications.constants';
import { NOTIFICATION_TYPE_NAMES } from '../templates/notification-types';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: NOTIFICATION_STATUSES })
  status!: NotificationStatus;

  @ApiProperty({ enum: RECIPIENT_TYPES })
  recipientType!: RecipientType;

  @ApiProperty({ description: 'The user or client id, or the chat id' })
  recipientId!: string;

  @ApiProperty({ description: 'The Telegram chat it goes to', example: '123456789' })
  chatId!: string;

  @ApiProperty({ example: 'ticket.created' })
  notificationType!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The record it is about' })
  referenceId!: string | null;

  @ApiProperty({ example: 'en', description: 'The language it was written in' })
  language!: string;

  @ApiProperty({ description: 'The message as sent (Telegram HTML)' })
  message!: string;

  @ApiProperty({ description: '1 direct, 2 event, 3 bulk: lower goes first' })
  priority!: number;

  @ApiProperty({ description: 'Sends that failed for a transient reason' })
  attempts!: number;

  @ApiProperty({ description: 'When a pending notification is due' })
  nextAttemptAt!: Date;

  @ApiProperty({ type: String, nullable: true, description: "Telegram's description of the last failure" })
  error!: string | null;

  @ApiProperty()
  sent!: boolean;

  @ApiProperty({ type: Date, nullable: true })
  sentAt!: Date | null;

  @ApiProperty({ type: String, nullable: true, description: "Telegram's message_id once sent" })
  telegramMessageId!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  broadcastId!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The staff user who sent it' })
  createdById!: string | null;

  @ApiProperty()
  idempotencyKey!: string;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @ApiPropertyOptional({ example: 'ticket.created' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  type?: string;

  @ApiPropertyOptional({ enum: RECIPIENT_TYPES })
  @IsOptional()
  @IsIn(RECIPIENT_TYPES)
  recipientType?: RecipientType;

  @ApiPropertyOptional({ description: 'A user or client id, or a chat id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recipientId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  broadcastId?: string;
}

export class MessageButtonDto {
  @ApiProperty({ example: 'Open invoice', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  text!: string;

  @ApiProperty({ example: 'https://crm.example.com/invoices/42' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  url!: string;
}

export class SendNotificationDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A CRM user (staff or customer account) with Telegram linked' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A client (customers row) with Telegram linked' })
  @IsOptional()
  @IsUUID()
  clientId?: string;

  @ApiPropertyOptional({ description: 'A chat the bot can write to (a linked account, a group it is in)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  chatId?: number;

  @ApiPropertyOptional({
    description: 'Plain text (sent escaped, inside the "direct" template)',
    maxLength: 3500,
    example: 'Your order shipped today.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(3500)
  text?: string;

  @ApiPropertyOptional({
    enum: NOTIFICATION_TYPE_NAMES,
    description: 'Send a notification type rendered with variables',
  })
  @IsOptional()
  @IsIn(NOTIFICATION_TYPE_NAMES)
  template?: string;

  @ApiPropertyOptional({
    description: "The template's variables",
    example: { 'invoice.number': 'INV-000042', 'invoice.due_date': '2026-12-01' },
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, string>;

  @ApiPropertyOptional({ type: [MessageButtonDto], description: 'Link buttons under the message, one per row' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => MessageButtonDto)
  buttons?: MessageButtonDto[];

  @ApiPropertyOptional({
    description: 'Sending again with the same key makes no second notification (1-100 of A-Z a-z 0-9 _ . : -)',
    example: 'order-42-shipped',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, { message: 'idempotencyKey must be 1-100 of A-Z a-z 0-9 _ . : -' })
  idempotencyKey?: string;
}
