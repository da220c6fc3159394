import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../auth/auth.decorators';
import type { Actor } from '../auth/policy.types';
import { UuidParamPipe } from '../crm/common/uuid-param.pipe';
import { GeneratedLinkDto, LinkStatusDto } from './auth-link.dto';
import { ClientLinkService } from './client-link.service';

const CLIENT_ID = ApiParam({ name: 'clientId', format: 'uuid', description: 'The client (a customers row)' });

@ApiTags('telegram account linking')
@Authenticated()
@Controller('api/telegram/client')
export class ClientLinkController {
  constructor(private readonly links: ClientLinkService) {}

  // --- the signed-in client's own link ---

  @Post('generate-link')
  @HttpCode(200)
  @ApiOperation({
    summary: "A one-use link (and QR code) for the signed-in client's Telegram; it also signs the chat in",
    description: 'For client accounts. A new link voids the previous unused one.',
  })
  @ApiOkResponse({ type: GeneratedLinkDto })
  @ApiForbiddenResponse({ description: 'CLIENT_ONLY: staff name the client (/api/telegram/client/{clientId}/…)' })
  generateOwnLink(@CurrentActor() actor: Actor): Promise<GeneratedLinkDto> {
    return this.links.generateLink(actor);
  }

  @Get('status')
  @ApiOperation({ summary: "Whether the signed-in client's Telegram is linked" })
  @ApiOkResponse({ type: LinkStatusDto })
  @ApiForbiddenResponse({ description: 'CLIENT_ONLY' })
  ownStatus(@CurrentActor() actor: Actor): Promise<LinkStatusDto> {
    return this.links.status(actor);
  }

  @Post('disconnect')
  @HttpCode(200)
  @ApiOperation({ summary: "Unlink the signed-in client's Telegram" })
  @ApiOkResponse({ type: LinkStatusDto })
  @ApiForbiddenResponse({ description: 'CLIENT_ONLY' })
  disconnectOwn(@CurrentActor() actor: Actor): Promise<LinkStatusDto> {
    return this.links.disconnect(actor);
  }

  // --- staff acting for a client of their organization ---

  @Post(':clientId/generate-link')
  @HttpCode(200)
  @Requires('read', 'customers')
  @CLIENT_ID
  @ApiOperation({
    summary: "Staff: a one-use link (and QR code) to hand to a client; it links the client's Telegram for messages",
    description: 'Opening it does not sign anyone in (the client signs in with their own account).',
  })
  @ApiOkResponse({ type: GeneratedLinkDto })
  @ApiForbiddenResponse({ description: 'STAFF_ONLY' })
  @ApiNotFoundResponse({ description: 'No such client in your organization' })
  generateLink(
    @CurrentActor() actor: Actor,
    @Param('clientId', UuidParamPipe) clientId: string,
  ): Promise<GeneratedLinkDto> {
    return this.links.generateLink(actor, clientId);
  }

  @Get(':clientId/status')
  @Requires('read', 'customers')
  @CLIENT_ID
  @ApiOperation({ summary: "Staff: whether a client's Telegram is linked" })
  @ApiOkResponse({ type: LinkStatusDto })
  @ApiNotFoundResponse()
  status(@CurrentActor() actor: Actor, @Param('clientId', UuidParamPipe) clientId: string): Promise<LinkStatusDto> {
    return this.links.status(actor, clientId);
  }

  @Post(':clientId/disconnect')
  @HttpCode(200)
  @Requires('read', 'customers')
  @CLIENT_ID
  @ApiOperation({ summary: "Staff: unlink a client's Telegram" })
  @ApiOkResponse({ type: LinkStatusDto })
  @ApiNotFoundResponse()
  disconnect(@CurrentActor() actor: Actor, @Param('clientId', UuidParamPipe) clientId: string): Promise<LinkStatusDto> {
    return this.links.disconnect(actor, clientId);
  }
}
