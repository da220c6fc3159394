import { ApiProperty } from '@nestjs/swagger';
import { DEAL_STAGES, DealStage } from '../crm.constants';

export class MoneyDto {
  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ description: 'Integer minor units (cents)', example: 150000 })
  amountMinor!: number;
}

export class PipelineStageDto {
  @ApiProperty({ enum: DEAL_STAGES })
  stage!: DealStage;

  @ApiProperty({ example: 3 })
  count!: number;

  @ApiProperty({ type: [MoneyDto], description: 'Deal amounts of the stage, per currency' })
  totals!: MoneyDto[];
}

export class RevenueDto {
  @ApiProperty({ description: 'Start of the current month (UTC)' })
  from!: Date;

  @ApiProperty({ description: 'Start of the next month (UTC)' })
  to!: Date;

  @ApiProperty({ type: [MoneyDto], description: 'Payments received in the period, per currency' })
  totals!: MoneyDto[];
}

export class OverdueInvoicesDto {
  @ApiProperty({ example: 2 })
  count!: number;

  @ApiProperty({ type: [MoneyDto], description: 'Unpaid balance of the overdue invoices, per currency' })
  outstanding!: MoneyDto[];
}

export class StatsDto {
  @ApiProperty({ type: [PipelineStageDto], description: 'Every stage, in pipeline order' })
  pipeline!: PipelineStageDto[];

  @ApiProperty({ type: RevenueDto })
  revenueThisMonth!: RevenueDto;

  @ApiProperty({ description: 'Tickets open or in progress', example: 4 })
  openTickets!: number;

  @ApiProperty({ type: OverdueInvoicesDto })
  overdueInvoices!: OverdueInvoicesDto;
}
