import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { ConvertLeadDto, ConvertLeadResultDto, CreateLeadDto, LeadDto, LeadQueryDto, UpdateLeadDto } from './lead.dto';
import { LeadsService } from './leads.service';

@ApiTags('leads')
@Authenticated()
@Controller('api/leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Get()
  @Requires('read', 'leads')
  @ApiOkResponse({ type: PageDtoOf(LeadDto) })
  list(@CurrentActor() actor: Actor, @Query() query: LeadQueryDto): Promise<Page<LeadDto>> {
    return this.leads.list(actor, query);
  }

  @Get(':id')
  @Requires('read', 'leads')
  @ApiOkResponse({ type: LeadDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<LeadDto> {
    return this.leads.get(actor, id);
  }

  @Post()
  @Requires('create', 'leads')
  @ApiCreatedResponse({ type: LeadDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateLeadDto): Promise<LeadDto> {
    return this.leads.create(actor, body);
  }

  @Patch(':id')
  @Requires('update', 'leads')
  @ApiOkResponse({ type: LeadDto })
  @ApiNotFoundResponse()
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateLeadDto,
  ): Promise<LeadDto> {
    return this.leads.update(actor, id, body);
  }

  @Post(':id/convert')
  @HttpCode(200)
  @Requires('update', 'leads')
  @ApiOperation({ summary: 'Convert the lead into a customer (new, or the one given) and a deal' })
  @ApiOkResponse({ type: ConvertLeadResultDto })
  @ApiNotFoundResponse()
  convert(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ConvertLeadDto,
  ): Promise<ConvertLeadResultDto> {
    return this.leads.convert(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'leads')
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.leads.remove(actor, id);
  }
}
