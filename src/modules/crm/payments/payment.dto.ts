import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { CURRENCY_PATTERN } from '../common/columns';
import { PageQueryDto } from '../common/page';
import { IsOptionalNotNull } from '../common/validation';
import { PAYMENT_METHODS, PaymentMethod } from '../crm.constants';
import { InvoiceDto } from '../invoices/invoice.dto';
import { Payment } from './payment.entity';

export class PaymentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ format: 'uuid' })
  invoiceId!: string;

  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty({ description: 'Integer minor units (cents)', example: 20000 })
  amountMinor!: number;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  method!: PaymentMethod;

  @ApiProperty({ type: String, nullable: true, example: 'bank ref 8812' })
  reference!: string | null;

  @ApiProperty()
  paidAt!: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  recordedById!: string | null;

  @ApiProperty()
  createdAt!: Date;
}

export function toPaymentDto(p: Payment): PaymentDto {
  return {
    id: p.id,
    organizationId: p.organizationId,
    invoiceId: p.invoiceId,
    customerId: p.customerId,
    amountMinor: p.amountMinor,
    currency: p.currency.trim(),
    method: p.method,
    reference: p.reference,
    paidAt: p.paidAt,
    recordedById: p.recordedById,
    createdAt: p.createdAt,
  };
}

export class CreatePaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  invoiceId!: string;

  @ApiProperty({ description: 'Integer minor units (cents), at most the balance', example: 20000 })
  @IsInt()
  @Min(1)
  amountMinor!: number;

  @ApiPropertyOptional({ description: "Must be the invoice's currency when given", example: 'USD' })
  @IsOptionalNotNull()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS, default: 'other' })
  @IsOptionalNotNull()
  @IsIn(PAYMENT_METHODS)
  method?: PaymentMethod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string | null;

  @ApiPropertyOptional({ description: 'When the money arrived; defaults to now', example: '2030-01-31T10:00:00Z' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  paidAt?: string;
}

export class RecordedPaymentDto {
  @ApiProperty({ type: PaymentDto })
  payment!: PaymentDto;

  @ApiProperty({ type: InvoiceDto, description: 'The invoice after the payment' })
  invoice!: InvoiceDto;
}

export class PaymentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  invoiceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}
