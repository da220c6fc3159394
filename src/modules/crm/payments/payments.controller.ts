import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf } from '../common/page';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreatePaymentDto, PaymentDto, PaymentQueryDto, RecordedPaymentDto } from './payment.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Authenticated()
@Controller('api/payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @Requires('read', 'payments')
  @ApiOkResponse({ type: PageDtoOf(PaymentDto) })
  list(@CurrentActor() actor: Actor, @Query() query: PaymentQueryDto): Promise<Page<PaymentDto>> {
    return this.payments.list(actor, query);
  }

  @Get(':id')
  @Requires('read', 'payments')
  @ApiOkResponse({ type: PaymentDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<PaymentDto> {
    return this.payments.get(actor, id);
  }

  @Post()
  @Requires('create', 'payments')
  @ApiOperation({ summary: "Record a payment: the invoice's paid amount and status follow" })
  @ApiCreatedResponse({ type: RecordedPaymentDto })
  record(@CurrentActor() actor: Actor, @Body() body: CreatePaymentDto): Promise<RecordedPaymentDto> {
    return this.payments.record(actor, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'payments')
  @ApiNoContentResponse({ description: 'Deleted; the invoice owes the amount again' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.payments.remove(actor, id);
  }
}
