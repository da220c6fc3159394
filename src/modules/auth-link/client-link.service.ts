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
import { linkStatus } from './user-link.service';

/** The client an actor may manage the link of. */
export interface ClientRef {
  organizationId: string;
  clientId: string;
  name: string;
}

/**
 * A client's Telegram link, managed by the client's own user (`clientId` left out) or by staff of
 * the client's organization (`clientId` given; another organization's client is not found).
 */
@Injectable()
export class ClientLinkService {
  private readonly logger = new Logger(ClientLinkService.name);

  constructor(
    private readonly links: TelegramLinksRepository,
    private readonly deepLinks: DeepLinkService,
    private readonly sessions: LinkSessionsService,
    private readonly config: AppConfig,
    @Inject(CRM_PORT) private readonly crm: CrmPort,
  ) {}

  /** The client the request is about: the actor's own, or `clientId` for staff (404 outside their organization). */
  async resolveClient(actor: Actor, clientId?: string): Promise<ClientRef> {
    if (clientId === undefined) {
      if (actor.role !== 'customer' || !actor.customerId) {
        throw new AuthLinkException(
          AuthLinkErrorCode.CLIENT_ONLY,
          "This route is for a client's own account; staff name the client: /api/telegram/client/{clientId}/….",
        );
      }
      clientId = actor.customerId;
    } else if (!STAFF_ROLES.includes(actor.role)) {
      throw new AuthLinkException(
        AuthLinkErrorCode.STAFF_ONLY,
        "Only staff act on a client's link; a client uses /api/telegram/client/generate-link, status and disconnect.",
      );
    }
    const client = await this.crm.getCustomer(actor, clientId);
    return { organizationId: client.organizationId, clientId: client.id, name: client.name };
  }

  async generateLink(actor: Actor, clientId?: string): Promise<GeneratedLinkDto> {
    const client = await this.resolveClient(actor, clientId);
    const { token, hash } = newLinkToken('client');
    const expiresAt = new Date(Date.now() + durationToMs(this.config.env.LINK_TOKEN_TTL));
    const link = await this.deepLinks.build(token, expiresAt);
    await this.links.setClientToken({
      organizationId: client.organizationId,
      clientId: client.clientId,
      tokenHash: hash,
      expiresAt,
      // Only the client's own user is signed in by the link: staff opening a link they made
      // must not get the client's session.
      tokenUserId: actor.role === 'customer' ? actor.userId : null,
      createdById: actor.userId,
    });
    this.logger.log(`User ${actor.userId} made a Telegram link for client ${client.clientId}`);
    return link;
  }

  async status(actor: Actor, clientId?: string): Promise<LinkStatusDto> {
    const client = await this.resolveClient(actor, clientId);
    return linkStatus(await this.links.findClientLink(client.clientId));
  }

  /** Ends the link (and the chat's sign-in as the client's user, if it had one). */
  async disconnect(actor: Actor, clientId?: string): Promise<LinkStatusDto> {
    const client = await this.resolveClient(actor, clientId);
    const ended = await this.links.transaction(async (manager) => {
      const link = await this.links.endClientLink(manager, client.clientId);
      if (link?.userId) await this.sessions.signOut(manager, link.telegramUserId, link.userId);
      return link;
    });
    if (ended) {
      this.logger.log(`Client ${client.clientId}'s Telegram account ${ended.telegramUserId} was disconnected`);
      await this.sessions.refreshMenu(ended.telegramUserId);
      await this.sessions.notify(
        ended.telegramUserId,
        `This Telegram account is no longer linked to <b>${escapeHtml(client.name)}</b> in the CRM${ended.userId ? ', and is signed out here' : ''}.`,
      );
    }
    return linkStatus(null);
  }
}
