import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf } from '../common/page';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateInvoiceDto, InvoiceDto, InvoiceQueryDto, UpdateInvoiceDto } from './invoice.dto';
import { InvoicesService } from './invoices.service';

@ApiTags('invoices')
@Authenticated()
@Controller('api/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @Requires('read', 'invoices')
  @ApiOkResponse({ type: PageDtoOf(InvoiceDto) })
  list(@CurrentActor() actor: Actor, @Query() query: InvoiceQueryDto): Promise<Page<InvoiceDto>> {
    return this.invoices.list(actor, query);
  }

  @Get(':id')
  @Requires('read', 'invoices')
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<InvoiceDto> {
    return this.invoices.get(actor, id);
  }

  @Post()
  @Requires('create', 'invoices')
  @ApiCreatedResponse({ type: InvoiceDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateInvoiceDto): Promise<InvoiceDto> {
    return this.invoices.create(actor, body);
  }

  @Patch(':id')
  @Requires('update', 'invoices')
  @ApiOkResponse({ type: InvoiceDto })
  @ApiNotFoundResponse()
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateInvoiceDto,
  ): Promise<InvoiceDto> {
    return this.invoices.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'invoices')
  @ApiNoContentResponse({ description: 'Deleted (409 INVOICE_LOCKED unless it is a draft)' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.invoices.remove(actor, id);
  }
}
