import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentActor } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf } from '../../crm/common/page';
import { UuidParamPipe } from '../../crm/common/uuid-param.pipe';
import { NotificationDto, NotificationQueryDto, SendNotificationDto } from './notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Authenticated()
@ApiForbiddenResponse({ description: 'Customers; employees reach only the notifications they sent' })
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Notifications of the organization (an employee: those they sent), newest first' })
  @ApiOkResponse({ type: PageDtoOf(NotificationDto) })
  list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    return this.notifications.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<NotificationDto> {
    return this.notifications.get(actor, id);
  }

  @Post()
  @ApiOperation({
    summary: 'Send one notification to a user, a client or a chat: text, or a template with variables',
    description:
      'Goes through the outbox ahead of event notifications and broadcasts. With an idempotencyKey used before, ' +
      'nothing new is sent and the earlier notification is answered (200).',
  })
  @ApiCreatedResponse({ type: NotificationDto })
  @ApiOkResponse({ type: NotificationDto, description: 'The idempotency key was used before: that notification' })
  @ApiConflictResponse({ description: 'RECIPIENT_NOT_LINKED' })
  async send(
    @CurrentActor() actor: Actor,
    @Body() body: SendNotificationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NotificationDto> {
    const { created, notification } = await this.notifications.send(actor, body);
    void reply.status(created ? 201 : 200);
    return notification;
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed or cancelled notification again' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiConflictResponse({ description: 'NOT_RETRYABLE: it is pending, sending or sent' })
  retry(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<NotificationDto> {
    return this.notifications.retry(actor, id);
  }
}
