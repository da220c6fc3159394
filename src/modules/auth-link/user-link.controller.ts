import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../auth/auth.decorators';
import type { Actor } from '../auth/policy.types';
import { GeneratedLinkDto, LinkStatusDto } from './auth-link.dto';
import { UserLinkService } from './user-link.service';

@ApiTags('telegram account linking')
@Authenticated()
@ApiForbiddenResponse({ description: 'STAFF_ONLY: a client account (clients use /api/telegram/client/…)' })
@Controller('api/telegram/user')
export class UserLinkController {
  constructor(private readonly links: UserLinkService) {}

  @Post('generate-link')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A one-use link (and QR code) that links your Telegram account and signs it in',
    description: 'Opening it sends /start <token> to the bot. A new link voids the previous unused one.',
  })
  @ApiOkResponse({ type: GeneratedLinkDto })
  generateLink(@CurrentActor() actor: Actor): Promise<GeneratedLinkDto> {
    return this.links.generateLink(actor);
  }

  @Get('status')
  @ApiOperation({ summary: 'Whether your Telegram account is linked (poll it while the link is open)' })
  @ApiOkResponse({ type: LinkStatusDto })
  status(@CurrentActor() actor: Actor): Promise<LinkStatusDto> {
    return this.links.status(actor);
  }

  @Post('disconnect')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlink your Telegram account; its chat is signed out at once' })
  @ApiOkResponse({ type: LinkStatusDto })
  disconnect(@CurrentActor() actor: Actor): Promise<LinkStatusDto> {
    return this.links.disconnect(actor);
  }
}
