import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { trimmed } from '../common/validation';
import { ApiKey } from './api-key.entity';

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'crm-sync' })
  name!: string;

  @ApiProperty({ description: 'The first characters of the key', example: 'tcrm_AbCdEfG' })
  prefix!: string;

  @ApiProperty({ format: 'uuid', description: 'The vendor the key acts as' })
  createdById!: string;

  @ApiProperty({ type: Date, nullable: true })
  lastUsedAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;
}

export function toApiKeyDto(k: ApiKey): ApiKeyDto {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdById: k.createdById,
    lastUsedAt: k.lastUsedAt,
    createdAt: k.createdAt,
  };
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The key itself: shown this once, only its hash is kept. Send it as X-Api-Key.' })
  key!: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'crm-sync' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}
