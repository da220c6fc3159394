import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { UuidParamPipe } from '../../crm/common/uuid-param.pipe';
import { ClientMessageDto, SendClientMessageDto } from './client-message.dto';
import { ClientMessagesService } from './client-messages.service';

@ApiTags('telegram account linking')
@Authenticated()
@Controller('api/telegram/client')
export class ClientMessagesController {
  constructor(private readonly messages: ClientMessagesService) {}

  @Post(':clientId/send-message')
  @Requires('read', 'customers')
  @ApiParam({ name: 'clientId', format: 'uuid', description: 'The client (a customers row)' })
  @ApiOperation({
    summary: "Staff: write to a client's linked Telegram chat",
    description:
      'Goes through the notifications outbox ahead of event notifications and broadcasts (paced, retried, never ' +
      "lost). The request waits up to 10 s for Telegram's answer: 200 with the message id, a 409 refusal, or 202 " +
      'when the message is still queued (rate limits, retries); follow it at GET /api/notifications/{notificationId}.',
  })
  @ApiOkResponse({ type: ClientMessageDto, description: 'Delivered' })
  @ApiAcceptedResponse({ type: ClientMessageDto, description: 'Queued: it goes out as soon as Telegram allows' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'STAFF_ONLY' })
  @ApiConflictResponse({
    description:
      'CLIENT_NOT_LINKED (no Telegram linked), CLIENT_BLOCKED_BOT (the client blocked the bot; the link is marked ' +
      'disabled until a message goes through again), CLIENT_CHAT_UNAVAILABLE (Telegram no longer delivers to the ' +
      'chat) or MESSAGE_REFUSED (Telegram refused this message)',
  })
  async send(
    @CurrentActor() actor: Actor,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Body() body: SendClientMessageDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClientMessageDto> {
    const message = await this.messages.send(actor, clientId, body);
    void reply.status(message.status === 'sent' ? 200 : 202);
    return message;
  }
}
