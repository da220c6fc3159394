import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { PageQueryDto } from '../../crm/common/page';
import { NOTIFICATION_TYPE_NAMES } from '../templates/notification-types';
import {
  BROADCAST_SEGMENTS,
  BROADCAST_STATUSES,
  BroadcastSegment,
  BroadcastStatus,
} from './notification-broadcast.entity';

export class CreateBroadcastDto {
  @ApiProperty({
    enum: BROADCAST_SEGMENTS,
    description:
      'linked_customers: every client with Telegram linked; customers_with_open_invoices: clients owing money; ' +
      'customers / users: the ids given',
  })
  @IsIn(BROADCAST_SEGMENTS)
  segment!: BroadcastSegment;

  @ApiPropertyOptional({ type: [String], description: 'For customers and users: the ids (at most 10,000)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ description: 'Plain text (sent escaped, inside the "broadcast" template)', maxLength: 3500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(3500)
  text?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_TYPE_NAMES, description: 'Or a notification type with variables' })
  @IsOptional()
  @IsIn(NOTIFICATION_TYPE_NAMES)
  template?: string;

  @ApiPropertyOptional({ description: "The template's variables" })
  @IsOptional()
  @IsObject()
  variables?: Record<string, string>;
}

export class BroadcastDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: BROADCAST_STATUSES })
  status!: BroadcastStatus;

  @ApiProperty({ enum: BROADCAST_SEGMENTS })
  segment!: BroadcastSegment;

  @ApiProperty({ description: 'Notifications written (recipients with Telegram linked)' })
  total!: number;

  @ApiProperty({ description: 'Recipients of the segment without Telegram linked (nothing written)' })
  skipped!: number;

  @ApiProperty()
  sent!: number;

  @ApiProperty()
  failed!: number;

  @ApiProperty({ description: 'Not sent yet (waiting or being sent)' })
  pending!: number;

  @ApiProperty({ description: 'Not sent because the broadcast was cancelled' })
  cancelled!: number;

  @ApiProperty({ description: 'Messages per second over the last 30 s (since the first send when shorter)' })
  rate!: number;

  @ApiProperty({ type: Date, nullable: true, description: 'When the pending ones should be sent at this rate' })
  estimatedEndAt!: Date | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  createdById!: string | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  finishedAt!: Date | null;
}

export class BroadcastQueryDto extends PageQueryDto {}
