import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { UPDATE_STATUSES } from '../updates/telegram-update.entity';

export class SetWebhookDto {
  @ApiPropertyOptional({ description: 'HTTPS URL Telegram calls; default PUBLIC_URL + /api/telegram/webhook' })
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'url must be an http(s) URL' })
  url?: string;
}

export class ListUpdatesQueryDto {
  @ApiPropertyOptional({ enum: UPDATE_STATUSES })
  @IsOptional()
  @IsIn(UPDATE_STATUSES)
  status?: (typeof UPDATE_STATUSES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class BanDto {
  @ApiProperty({ description: 'Telegram user id, or a group chat id (negative)', example: '5417230981' })
  @Matches(/^-?\d{1,19}$/, { message: 'telegramId must be a Telegram user or chat id (digits, may start with -)' })
  telegramId!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
