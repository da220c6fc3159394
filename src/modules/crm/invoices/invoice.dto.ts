import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { CURRENCY_PATTERN } from '../common/columns';
import { PageQueryDto } from '../common/page';
import { IsOptionalNotNull, ISO_DATE } from '../common/validation';
import { INVOICE_STATUSES, InvoiceStatus } from '../crm.constants';
import { Invoice } from './invoice.entity';

export class InvoiceDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  dealId!: string | null;

  @ApiProperty({ example: 'INV-000042' })
  number!: string;

  @ApiProperty({ enum: INVOICE_STATUSES })
  status!: InvoiceStatus;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ description: 'Integer minor units (cents)', example: 120000 })
  amountMinor!: number;

  @ApiProperty({ description: 'Sum of the payments, minor units', example: 20000 })
  paidMinor!: number;

  @ApiProperty({ description: 'amountMinor - paidMinor', example: 100000 })
  balanceMinor!: number;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2030-01-31' })
  dueDate!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  issuedAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true })
  paidAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export function toInvoiceDto(i: Invoice): InvoiceDto {
  return {
    id: i.id,
    organizationId: i.organizationId,
    customerId: i.customerId,
    dealId: i.dealId,
    number: i.number,
    status: i.status,
    currency: i.currency.trim(),
    amountMinor: i.amountMinor,
    paidMinor: i.paidMinor,
    balanceMinor: i.amountMinor - i.paidMinor,
    description: i.description,
    dueDate: i.dueDate,
    issuedAt: i.issuedAt,
    paidAt: i.paidAt,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

export class CreateInvoiceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  dealId?: string | null;

  @ApiProperty({ description: 'Integer minor units (cents)', example: 120000 })
  @IsInt()
  @Min(0)
  amountMinor!: number;

  @ApiPropertyOptional({ example: 'USD', default: 'USD' })
  @IsOptionalNotNull()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ example: '2030-01-31' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dueDate must be a date like 2030-01-31' })
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: ['draft', 'sent'], default: 'draft' })
  @IsOptionalNotNull()
  @IsIn(['draft', 'sent'])
  status?: 'draft' | 'sent';
}

export class UpdateInvoiceDto {
  @ApiPropertyOptional({ description: 'Draft invoices only' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  amountMinor?: number;

  @ApiPropertyOptional({ description: 'Draft invoices only' })
  @IsOptionalNotNull()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dueDate must be a date like 2030-01-31' })
  dueDate?: string | null;

  @ApiPropertyOptional({
    enum: ['sent', 'void'],
    description: 'sent: issue a draft; void: cancel an invoice without payments. Payments make it paid.',
  })
  @IsOptionalNotNull()
  @IsIn(['sent', 'void'])
  status?: 'sent' | 'void';
}

export class InvoiceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}
