import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { CURRENCY_PATTERN } from '../common/columns';
import { PageQueryDto } from '../common/page';
import { IsOptionalNotNull, ISO_DATE, trimmed, UUID_OR_ME } from '../common/validation';
import { DEAL_STAGES, DealStage } from '../crm.constants';
import { Deal } from './deal.entity';

export class DealDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'Website redesign' })
  title!: string;

  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty({ enum: DEAL_STAGES })
  stage!: DealStage;

  @ApiProperty({ description: 'Integer minor units (cents) of currency', example: 250000 })
  amountMinor!: number;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2030-01-31' })
  expectedCloseDate!: string | null;

  @ApiProperty({ type: Date, nullable: true, description: 'When the deal was won or lost' })
  closedAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export function toDealDto(d: Deal): DealDto {
  return {
    id: d.id,
    organizationId: d.organizationId,
    title: d.title,
    customerId: d.customerId,
    stage: d.stage,
    amountMinor: d.amountMinor,
    currency: d.currency.trim(),
    assigneeId: d.assigneeId,
    expectedCloseDate: d.expectedCloseDate,
    closedAt: d.closedAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export class CreateDealDto {
  @ApiProperty({ example: 'Website redesign' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId!: string;

  @ApiPropertyOptional({ enum: DEAL_STAGES, default: 'new' })
  @IsOptionalNotNull()
  @IsIn(DEAL_STAGES)
  stage?: DealStage;

  @ApiPropertyOptional({ description: 'Integer minor units (cents)', default: 0, example: 250000 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  amountMinor?: number;

  @ApiPropertyOptional({ example: 'USD', default: 'USD' })
  @IsOptionalNotNull()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Staff user; defaults to the creator. An employee may only assign to themselves.',
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ example: '2030-01-31' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'expectedCloseDate must be a date like 2030-01-31' })
  expectedCloseDate?: string | null;
}

export class UpdateDealDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ enum: DEAL_STAGES })
  @IsOptionalNotNull()
  @IsIn(DEAL_STAGES)
  stage?: DealStage;

  @ApiPropertyOptional({ description: 'Integer minor units (cents)' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  amountMinor?: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptionalNotNull()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'expectedCloseDate must be a date like 2030-01-31' })
  expectedCloseDate?: string | null;
}

export class DealQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEAL_STAGES })
  @IsOptional()
  @IsIn(DEAL_STAGES)
  stage?: DealStage;

  @ApiPropertyOptional({ description: 'A user id, or "me"' })
  @IsOptional()
  @Matches(UUID_OR_ME, { message: 'assigneeId must be a UUID or "me"' })
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}
