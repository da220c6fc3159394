import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IDEMPOTENCY_KEY, MessageButtonDto } from './notification.dto';

export class SendClientMessageDto {
  @ApiProperty({
    description: 'Plain text (sent as is, not as HTML), under a line with the sender and the organization',
    maxLength: 3500,
    example: 'Your order shipped today.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(3500)
  text!: string;

  @ApiPropertyOptional({ type: [MessageButtonDto], description: 'Link buttons under the message, one per row' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => MessageButtonDto)
  buttons?: MessageButtonDto[];

  @ApiPropertyOptional({
    description:
      'Sending again with the same key sends nothing new and answers the first message (1-100 of A-Z a-z 0-9 _ . : -)',
    example: 'order-42-shipped',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, { message: 'idempotencyKey must be 1-100 of A-Z a-z 0-9 _ . : -' })
  idempotencyKey?: string;
}

export class ClientMessageDto {
  @ApiProperty({ format: 'uuid', description: 'The outbox row (GET /api/notifications/{id})' })
  notificationId!: string;

  @ApiProperty({
    enum: ['sent', 'pending'],
    description: 'sent: Telegram took it (200); pending: still queued or being retried, it goes out later (202)',
  })
  status!: 'sent' | 'pending';

  @ApiPropertyOptional({ description: 'Telegram message id, once sent', example: 42 })
  messageId?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Every message sent, in order (once sent)' })
  messageIds?: number[];
}
