import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { durationToMs } from '../auth/duration';
import { STAFF_ROLES, type Actor } from '../auth/policy.types';
import { CRM_PORT, CrmPort } from '../crm/crm.port';
import { escapeHtml } from '../telegram-bot/replies/html.util';
import { AuthLinkErrorCode, AuthLinkException } from './auth-link.exception';
import { GeneratedLinkDto, LinkStatusDto } from './auth-link.dto';
import { DeepLinkService } from './deep-link.service';
import { LinkSessionsService } from './link-sessions.service';
import { newLinkToken } from './link-token.util';
import { TelegramLinksRepository } from './telegram-links.repository';

export function linkStatus(
  row: {
    telegramUserId: string | null;
    telegramUsername: string | null;
    linkedAt: Date | null;
    enabled: boolean;
  } | null,
): LinkStatusDto {
  const connected = row?.telegramUserId != null;
  return {
    connected,
    telegramUsername: connected ? row.telegramUsername : null,
    linkedAt: connected ? row.linkedAt : null,
    enabled: connected && row.enabled,
  };
}

/** A staff user's own Telegram link: make a link, see it, end it. */
@Injectable()
export class UserLinkService {
  private readonly logger = new Logger(UserLinkService.name);

  constructor(
    private readonly links: TelegramLinksRepository,
    private readonly deepLinks: DeepLinkService,
    private readonly sessions: LinkSessionsService,
    private readonly config: AppConfig,
    @Inject(CRM_PORT) private readonly crm: CrmPort,
  ) {}

  async generateLink(actor: Actor): Promise<GeneratedLinkDto> {
    assertStaff(actor);
    const { token, hash } = newLinkToken('user');
    const expiresAt = new Date(Date.now() + durationToMs(this.config.env.LINK_TOKEN_TTL));
    const link = await this.deepLinks.build(token, expiresAt);
    await this.links.setUserToken(actor.organizationId, actor.userId, hash, expiresAt);
    this.logger.log(`User ${actor.userId} made a Telegram link (expires ${expiresAt.toISOString()})`);
    return link;
  }

  async status(actor: Actor): Promise<LinkStatusDto> {
    assertStaff(actor);
    return linkStatus(await this.links.findUserLink(actor.userId));
  }

  /** Ends the link and the linked chat's sign-in at once; the status answers disconnected from now on. */
  async disconnect(actor: Actor): Promise<LinkStatusDto> {
    assertStaff(actor);
    const chatId = await this.links.transaction(async (manager) => {
      const previous = await this.links.endUserLink(manager, actor.userId);
      if (previous) await this.sessions.signOut(manager, previous, actor.userId);
      return previous;
    });
    if (chatId) {
      this.logger.log(`User ${actor.userId} disconnected Telegram account ${chatId}`);
      await this.sessions.refreshMenu(chatId);
      const profile = await this.crm.getProfile(actor);
      await this.sessions.notify(
        chatId,
        `This Telegram account is no longer linked to the CRM account of <b>${escapeHtml(profile.name)}</b>, and is signed out here.`,
      );
    }
    return linkStatus(null);
  }
}

function assertStaff(actor: Actor): void {
  if (!STAFF_ROLES.includes(actor.role)) {
    throw new AuthLinkException(
      AuthLinkErrorCode.STAFF_ONLY,
      'These routes are for staff accounts; a client links Telegram with /api/telegram/client/generate-link.',
    );
  }
}
