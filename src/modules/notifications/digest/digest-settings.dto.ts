import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsTimeZone } from '../schedules/schedule.dto';

export class DigestSettingsDto {
  @ApiProperty({ description: 'The daily digest of open tickets and deals is sent' })
  enabled!: boolean;

  @ApiProperty({ minimum: 0, maximum: 23, example: 9, description: 'Local hour from which the day’s digest goes' })
  hour!: number;

  @ApiProperty({ type: String, nullable: true, example: 'Europe/Berlin', description: 'null: the schedule’s zone' })
  timeZone!: string | null;

  @ApiProperty({ example: 'UTC', description: 'The time zone the hour is read in' })
  effectiveTimeZone!: string;
}

export class UpdateDigestSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 23, example: 8 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(23)
  hour?: number;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Europe/Berlin', description: 'null: the schedule’s' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string | null;
}
