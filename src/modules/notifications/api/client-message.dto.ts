import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { SendNotificationDto } from './notification.dto';

export class SendClientMessageDto extends PickType(SendNotificationDto, ['buttons', 'idempotencyKey'] as const) {
  @ApiProperty({
    description: 'Plain text (sent as is, not as HTML), under a line with the sender and the organization',
    maxLength: 3500,
    example: 'Your order shipped today.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(3500)
  text!: string;
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
