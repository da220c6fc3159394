import { ApiProperty } from '@nestjs/swagger';

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
