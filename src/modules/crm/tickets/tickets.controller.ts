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
import { Page, PageDtoOf, PageQueryDto } from '../common/page';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import {
  CreateTicketCommentDto,
  CreateTicketDto,
  TicketCommentDto,
  TicketDto,
  TicketQueryDto,
  UpdateTicketDto,
} from './ticket.dto';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@Authenticated()
@Controller('api/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @Requires('read', 'tickets')
  @ApiOkResponse({ type: PageDtoOf(TicketDto) })
  list(@CurrentActor() actor: Actor, @Query() query: TicketQueryDto): Promise<Page<TicketDto>> {
    return this.tickets.list(actor, query);
  }

  @Get(':id')
  @Requires('read', 'tickets')
  @ApiOkResponse({ type: TicketDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TicketDto> {
    return this.tickets.get(actor, id);
  }

  @Post()
  @Requires('create', 'tickets')
  @ApiOperation({ summary: "Open a ticket (a customer's tickets are always their own)" })
  @ApiCreatedResponse({ type: TicketDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTicketDto): Promise<TicketDto> {
    return this.tickets.create(actor, body);
  }

  @Patch(':id')
  @Requires('update', 'tickets')
  @ApiOkResponse({ type: TicketDto })
  @ApiNotFoundResponse()
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateTicketDto,
  ): Promise<TicketDto> {
    return this.tickets.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'tickets')
  @ApiNoContentResponse({ description: 'Deleted with its comments' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.tickets.remove(actor, id);
  }

  @Get(':id/comments')
  @Requires('read', 'ticketComments')
  @ApiOkResponse({ type: PageDtoOf(TicketCommentDto) })
  @ApiNotFoundResponse()
  listComments(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Query() page: PageQueryDto,
  ): Promise<Page<TicketCommentDto>> {
    return this.tickets.listComments(actor, id, page);
  }

  @Post(':id/comments')
  @Requires('create', 'ticketComments')
  @ApiCreatedResponse({ type: TicketCommentDto })
  @ApiNotFoundResponse()
  addComment(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CreateTicketCommentDto,
  ): Promise<TicketCommentDto> {
    return this.tickets.addComment(actor, id, body);
  }
}
