import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../auth/policy.types';
import { CRM_PORT, CrmPort } from '../crm/crm.port';
import { escapeHtml } from '../telegram-bot/replies/html.util';
import { ReplyService } from '../telegram-bot/replies/reply.service';
import { AuthLinkErrorCode, AuthLinkException } from './auth-link.exception';
import { MessageButtonDto, SentMessageDto } from './auth-link.dto';
import { ClientLinkService } from './client-link.service';
import { TelegramLinksRepository } from './telegram-links.repository';

interface TelegramRefusal {
  response?: { error_code?: number; description?: string };
}

/**
 * Staff writing to a client's linked Telegram chat. Sends directly for now; the notifications
 * module's outbox replaces this one service when it exists.
 */
@Injectable()
export class ClientMessagesService {
  private readonly logger = new Logger(ClientMessagesService.name);

  constructor(
    private readonly clients: ClientLinkService,
    private readonly links: TelegramLinksRepository,
    private readonly replies: ReplyService,
    @Inject(CRM_PORT) private readonly crm: CrmPort,
  ) {}

  async send(actor: Actor, clientId: string, text: string, buttons: MessageButtonDto[] = []): Promise<SentMessageDto> {
    const client = await this.clients.resolveClient(actor, clientId);
    const link = await this.links.findClientLink(client.clientId);
    if (!link?.telegramUserId) {
      throw new AuthLinkException(
        AuthLinkErrorCode.CLIENT_NOT_LINKED,
        `${client.name} has not linked Telegram yet: send them a link (POST /api/telegram/client/${client.clientId}/generate-link).`,
      );
    }
    const profile = await this.crm.getProfile(actor);
    const html = `<b>${escapeHtml(profile.name)}</b> · ${escapeHtml(profile.organization.name)}\n\n${escapeHtml(text)}`;
    const reply_markup =
      buttons.length > 0 ? { inline_keyboard: buttons.map((b) => [{ text: b.text, url: b.url }]) } : undefined;
    try {
      const sent = await this.replies.sendHtml(link.telegramUserId, html, reply_markup ? { reply_markup } : {});
      if (!link.enabled) await this.links.setClientLinkEnabled(client.clientId, true, null);
      this.logger.log(`User ${actor.userId} wrote to client ${client.clientId} (message ${sent[0].message_id})`);
      return { messageId: sent[0].message_id, messageIds: sent.map((m) => m.message_id) };
    } catch (error) {
      throw await this.refused(client.clientId, client.name, error);
    }
  }

  // 403 (blocked, deactivated, kicked) and "chat not found" are final: the link is disabled, and the
  // next send tries again (a client who unblocks the bot gets messages again).
  private async refused(clientId: string, name: string, error: unknown): Promise<unknown> {
    const response = (error as TelegramRefusal).response;
    const description = response?.description ?? '';
    const final = response?.error_code === 403 || /chat not found/i.test(description);
    if (!final) {
      this.logger.warn(`Could not write to client ${clientId}: ${(error as Error).message}`);
      return new AuthLinkException(
        AuthLinkErrorCode.TELEGRAM_UNREACHABLE,
        'Telegram did not take the message; nothing was sent. Try again in a moment.',
      );
    }
    await this.links.setClientLinkEnabled(clientId, false, description.slice(0, 200));
    this.logger.warn(`Telegram refused a message to client ${clientId} (${description}); link disabled`);
    if (/blocked/i.test(description)) {
      return new AuthLinkException(
        AuthLinkErrorCode.CLIENT_BLOCKED_BOT,
        `${name} blocked the bot on Telegram, so the message was not delivered.`,
        { telegram: description },
      );
    }
    return new AuthLinkException(
      AuthLinkErrorCode.CLIENT_CHAT_UNAVAILABLE,
      `Telegram no longer delivers to ${name}'s chat, so the message was not delivered.`,
      { telegram: description },
    );
  }
}
