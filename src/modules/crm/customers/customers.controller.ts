import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf } from '../common/page';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateCustomerDto, CustomerDto, CustomerQueryDto, UpdateCustomerDto } from './customer.dto';
import { CustomersService } from './customers.service';

@ApiTags('customers')
@Authenticated()
@Controller('api/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @Requires('read', 'customers')
  @ApiOkResponse({ type: PageDtoOf(CustomerDto) })
  list(@CurrentActor() actor: Actor, @Query() query: CustomerQueryDto): Promise<Page<CustomerDto>> {
    return this.customers.list(actor, query);
  }

  @Get(':id')
  @Requires('read', 'customers')
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<CustomerDto> {
    return this.customers.get(actor, id);
  }

  @Post()
  @Requires('create', 'customers')
  @ApiCreatedResponse({ type: CustomerDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCustomerDto): Promise<CustomerDto> {
    return this.customers.create(actor, body);
  }

  @Patch(':id')
  @Requires('update', 'customers')
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse()
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateCustomerDto,
  ): Promise<CustomerDto> {
    return this.customers.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'customers')
  @ApiNoContentResponse({ description: 'Deleted (409 CUSTOMER_IN_USE when it has invoices or user accounts)' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.customers.remove(actor, id);
  }
}
