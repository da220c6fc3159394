import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf } from '../common/page';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateDealDto, DealDto, DealQueryDto, UpdateDealDto } from './deal.dto';
import { DealsService } from './deals.service';

@ApiTags('deals')
@Authenticated()
@Controller('api/deals')
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Get()
  @Requires('read', 'deals')
  @ApiOkResponse({ type: PageDtoOf(DealDto) })
  list(@CurrentActor() actor: Actor, @Query() query: DealQueryDto): Promise<Page<DealDto>> {
    return this.deals.list(actor, query);
  }

  @Get(':id')
  @Requires('read', 'deals')
  @ApiOkResponse({ type: DealDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<DealDto> {
    return this.deals.get(actor, id);
  }

  @Post()
  @Requires('create', 'deals')
  @ApiCreatedResponse({ type: DealDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDealDto): Promise<DealDto> {
    return this.deals.create(actor, body);
  }

  @Patch(':id')
  @Requires('update', 'deals')
  @ApiOkResponse({ type: DealDto })
  @ApiNotFoundResponse()
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateDealDto,
  ): Promise<DealDto> {
    return this.deals.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'deals')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.deals.remove(actor, id);
  }
}
