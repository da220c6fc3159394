import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf } from '../../crm/common/page';
import { UuidParamPipe } from '../../crm/common/uuid-param.pipe';
import { BroadcastDto, BroadcastQueryDto, CreateBroadcastDto } from './broadcast.dto';
import { BroadcastsService } from './broadcasts.service';

const NOT_NOW = ApiConflictResponse({ description: 'INVALID_BROADCAST_STATE: finished, cancelled, or already so' });

@ApiTags('notification broadcasts')
@Authenticated()
@Controller('api/notifications')
export class BroadcastsController {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @Post('broadcast')
  @ApiOperation({
    summary: 'Vendor: one message to a segment (all linked customers, customers with open invoices, a list of ids)',
    description: 'Answers the broadcast with its progress; it goes out behind direct messages and event notifications.',
  })
  @ApiCreatedResponse({ type: BroadcastDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateBroadcastDto): Promise<BroadcastDto> {
    return this.broadcasts.create(actor, body);
  }

  @Get('broadcasts')
  @ApiOkResponse({ type: PageDtoOf(BroadcastDto) })
  list(@CurrentActor() actor: Actor, @Query() query: BroadcastQueryDto): Promise<Page<BroadcastDto>> {
    return this.broadcasts.list(actor, query);
  }

  @Get('broadcasts/:id')
  @ApiOperation({ summary: 'Progress: total, sent, failed, pending, rate, estimated end' })
  @ApiOkResponse({ type: BroadcastDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.get(actor, id);
  }

  @Post('broadcasts/:id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: BroadcastDto })
  @NOT_NOW
  pause(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.pause(actor, id);
  }

  @Post('broadcasts/:id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: BroadcastDto })
  @NOT_NOW
  resume(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.resume(actor, id);
  }

  @Post('broadcasts/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Vendor: what was not sent yet is not sent (cancelled)' })
  @ApiOkResponse({ type: BroadcastDto })
  @NOT_NOW
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<BroadcastDto> {
    return this.broadcasts.cancel(actor, id);
  }
}
