import { Injectable, Logger } from '@nestjs/common';
import { ClientLinkService } from '../../auth-link/client-link.service';
import type { Actor } from '../../auth/policy.types';
import { chatGone } from '../delivery/telegram-failure';
import { NotificationsErrorCode, NotificationsException } from '../notifications.exception';
import { ClientMessageDto, SendClientMessageDto } from './client-message.dto';
import { NotificationDto } from './notification.dto';
import { NotificationsService } from './notifications.service';
import { sleep } from '../../../core/timing/sleep';

/** How long a staff member's request waits for Telegram's answer before it answers 202 (queued). */
export const CLIENT_MESSAGE_WAIT_MS = 10_000;
const POLL_MS = 100;

/**
 * Staff writing to a client's linked Telegram chat. The message goes through the outbox ahead of
 * everything else (priority `direct`): paced, retried, never lost. The request waits a few
 * seconds for the outcome, so the usual answer is Telegram's message id or its refusal.
 */
@Injectable()
export class ClientMessagesService {
  private readonly logger = new Logger(ClientMessagesService.name);

  constructor(
    private readonly clients: ClientLinkService,
    private readonly notifications: NotificationsService,
  ) {}

  async send(actor: Actor, clientId: string, input: SendClientMessageDto): Promise<ClientMessageDto> {
    const client = await this.clients.resolveClient(actor, clientId);
    let notification: NotificationDto;
    try {
      ({ notification } = await this.notifications.send(actor, {
        clientId: client.clientId,
        text: input.text,
        buttons: input.buttons,
        idempotencyKey: input.idempotencyKey,
      }));
    } catch (error) {
      if (error instanceof NotificationsException && error.code === NotificationsErrorCode.RECIPIENT_NOT_LINKED) {
        throw new NotificationsException(
          NotificationsErrorCode.CLIENT_NOT_LINKED,
          `${client.name} has not linked Telegram yet: send them a link (POST /api/telegram/client/${client.clientId}/generate-link).`,
        );
      }
      throw error;
    }
    const settled = await this.settle(actor, notification);
    if (settled.status === 'sent') {
      const messageId = Number(settled.telegramMessageId);
      this.logger.log(`User ${actor.userId} wrote to client ${client.clientId} (message ${messageId})`);
      return { notificationId: settled.id, status: 'sent', messageId, messageIds: [messageId] };
    }
    if (settled.status === 'failed' || settled.status === 'cancelled') throw this.refused(client.name, settled);
    this.logger.log(`Message of user ${actor.userId} to client ${client.clientId} queued (${settled.id})`);
    return { notificationId: settled.id, status: 'pending' };
  }

  // Polls the row until it is sent or failed, for CLIENT_MESSAGE_WAIT_MS at most.
  private async settle(actor: Actor, notification: NotificationDto): Promise<NotificationDto> {
    const deadline = Date.now() + CLIENT_MESSAGE_WAIT_MS;
    let row = notification;
    while ((row.status === 'pending' || row.status === 'sending') && Date.now() < deadline) {
      await sleep(POLL_MS);
      row = await this.notifications.get(actor, row.id);
    }
    return row;
  }

  private refused(name: string, row: NotificationDto): NotificationsException {
    const description = row.error ?? row.status;
    const details = { telegram: description, notificationId: row.id };
    if (/blocked/i.test(description)) {
      return new NotificationsException(
        NotificationsErrorCode.CLIENT_BLOCKED_BOT,
        `${name} blocked the bot on Telegram, so the message was not delivered.`,
        details,
      );
    }
    if (chatGone(description)) {
      return new NotificationsException(
        NotificationsErrorCode.CLIENT_CHAT_UNAVAILABLE,
        `Telegram no longer delivers to ${name}'s chat, so the message was not delivered.`,
        details,
      );
    }
    return new NotificationsException(
      NotificationsErrorCode.MESSAGE_REFUSED,
      `Telegram did not take the message to ${name}: ${description}`,
      details,
    );
  }
}
