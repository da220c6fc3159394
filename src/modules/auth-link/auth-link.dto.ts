import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class GeneratedLinkDto {
  @ApiProperty({ example: 'https://t.me/acme_crm_bot?start=u_3q2-7wEXAMPLEtoken0000000000000000000000000' })
  url!: string;

  @ApiProperty({ description: 'One use, URL-safe, at most 64 characters; only its hash is stored' })
  token!: string;

  @ApiProperty({ description: 'After this the link no longer works (LINK_TOKEN_TTL)' })
  expiresAt!: Date;

  @ApiProperty({ description: 'QR code of the url as a PNG data URL', example: 'data:image/png;base64,iVBORw0…' })
  qrCodePng!: string;

  @ApiProperty({ description: 'QR code of the url as an SVG document' })
  qrCodeSvg!: string;
}

export class LinkStatusDto {
  @ApiProperty({ description: 'A Telegram account is linked' })
  connected!: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'ann_morgan' })
  telegramUsername!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  linkedAt!: Date | null;

  @ApiProperty({
    description: 'Messages are delivered (false after the person blocked the bot, or when not connected)',
  })
  enabled!: boolean;
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

export class SendClientMessageDto {
  @ApiProperty({
    description: 'Plain text (sent as is, not as HTML)',
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
}

export class SentMessageDto {
  @ApiProperty({ description: 'Telegram message id (of the first part when the text was split)', example: 42 })
  messageId!: number;

  @ApiProperty({ type: [Number], description: 'Every message sent, in order' })
  messageIds!: number[];
}
