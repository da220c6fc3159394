import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../common/page';
import { IsOptionalNotNull, toLowerTrimmed, trimmed, UUID_OR_ME } from '../common/validation';
import { CURRENCY_PATTERN } from '../common/columns';
import { CustomerDto } from '../customers/customer.dto';
import { DEAL_STAGES, DealStage, LEAD_STATUSES, LeadStatus } from '../crm.constants';
import { DealDto } from '../deals/deal.dto';
import { Lead } from './lead.entity';

const EDITABLE_STATUSES = LEAD_STATUSES.filter((s) => s !== 'converted');

export class LeadDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'John Smith' })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  company!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'facebook' })
  source!: string | null;

  @ApiProperty({ enum: LEAD_STATUSES })
  status!: LeadStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  notes!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  convertedCustomerId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  convertedDealId!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  convertedAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export function toLeadDto(l: Lead): LeadDto {
  return {
    id: l.id,
    organizationId: l.organizationId,
    name: l.name,
    email: l.email,
    phone: l.phone,
    company: l.company,
    source: l.source,
    status: l.status,
    assigneeId: l.assigneeId,
    notes: l.notes,
    convertedCustomerId: l.convertedCustomerId,
    convertedDealId: l.convertedDealId,
    convertedAt: l.convertedAt,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

export class CreateLeadDto {
  @ApiProperty({ example: 'John Smith' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'john@example.test' })
  @IsOptional()
  @Transform(toLowerTrimmed)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  company?: string | null;

  @ApiPropertyOptional({ example: 'facebook' })
  @IsOptional()
  @Transform(toLowerTrimmed)
  @IsString()
  @MaxLength(50)
  source?: string | null;

  @ApiPropertyOptional({ enum: EDITABLE_STATUSES, default: 'new' })
  @IsOptionalNotNull()
  @IsIn(EDITABLE_STATUSES)
  status?: LeadStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Staff user; defaults to the creator. An employee may only assign to themselves.',
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;
}

export class UpdateLeadDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(toLowerTrimmed)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  company?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(toLowerTrimmed)
  @IsString()
  @MaxLength(50)
  source?: string | null;

  @ApiPropertyOptional({ enum: EDITABLE_STATUSES, description: 'Use POST /api/leads/{id}/convert to convert' })
  @IsOptionalNotNull()
  @IsIn(EDITABLE_STATUSES)
  status?: LeadStatus;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;
}

export class ConvertLeadDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Attach to this existing customer instead of creating one' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ description: "Defaults to the lead's company or name" })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  dealTitle?: string;

  @ApiPropertyOptional({ description: 'Integer minor units (cents)', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  amountMinor?: number;

  @ApiPropertyOptional({ example: 'USD', default: 'USD' })
  @IsOptional()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ enum: DEAL_STAGES, default: 'qualified' })
  @IsOptional()
  @IsIn(DEAL_STAGES)
  stage?: DealStage;
}

export class ConvertLeadResultDto {
  @ApiProperty({ type: LeadDto })
  lead!: LeadDto;

  @ApiProperty({ type: CustomerDto })
  customer!: CustomerDto;

  @ApiProperty({ type: DealDto })
  deal!: DealDto;
}

export class LeadQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LEAD_STATUSES })
  @IsOptional()
  @IsIn(LEAD_STATUSES)
  status?: LeadStatus;

  @ApiPropertyOptional({ description: 'A user id, or "me"' })
  @IsOptional()
  @Matches(UUID_OR_ME, { message: 'assigneeId must be a UUID or "me"' })
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'Part of the name, email or company' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}
