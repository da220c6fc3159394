import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '../../auth/policy.types';
import { Page, pageWindow } from '../../crm/common/page';
import { CrmDirectory } from '../crm/crm-directory.service';
import { PRIORITY, RecipientType } from '../notifications.constants';
import { NotificationsErrorCode, NotificationsException } from '../notifications.exception';
import { Notification } from '../outbox/notification.entity';
import { NotificationsRepository } from '../outbox/notifications.repository';
import { NotificationRequest, OutboxService } from '../outbox/outbox.service';
import { NotificationDto, NotificationQueryDto, SendNotificationDto } from './notification.dto';
import { assertStaff } from './access';
import { contentOf } from './content';

export function toNotificationDto(row: Notification): NotificationDto {
  return {
    id: row.id,
    status: row.status,
    recipientType: row.recipientType,
    recipientId: row.recipientId,
    chatId: String(row.chatId),
    notificationType: row.notificationType,
    referenceId: row.referenceId,
    language: row.language,
    message: row.message,
    priority: row.priority,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    error: row.error,
    sent: row.sent,
    sentAt: row.sentAt,
    telegramMessageId: row.telegramMessageId === null ? null : String(row.telegramMessageId),
    broadcastId: row.broadcastId,
    createdById: row.createdById,
    idempotencyKey: row.idempotencyKey,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The notifications API for staff: vendors see and retry every notification of their
 * organization, employees those they sent.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly rows: NotificationsRepository,
    private readonly outbox: OutboxService,
    private readonly directory: CrmDirectory,
  ) {}

  async list(actor: Actor, query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    assertStaff(actor);
    const { limit, offset } = pageWindow(query);
    const qb = this.notifications
      .createQueryBuilder('n')
      .where('n.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (actor.role !== 'vendor') qb.andWhere('n.createdById = :me', { me: actor.userId });
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    if (query.type) qb.andWhere('n.notificationType = :type', { type: query.type });
    if (query.recipientType) qb.andWhere('n.recipientType = :recipientType', { recipientType: query.recipientType });
    if (query.recipientId) qb.andWhere('n.recipientId = :recipientId', { recipientId: query.recipientId });
    if (query.broadcastId) qb.andWhere('n.broadcastId = :broadcastId', { broadcastId: query.broadcastId });
    const [items, total] = await qb
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.seq', 'DESC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
    return { items: items.map(toNotificationDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<NotificationDto> {
    return toNotificationDto(await this.load(actor, id));
  }

  /** One notification to one recipient; with a known idempotency key, the notification it made. */
  async send(actor: Actor, input: SendNotificationDto): Promise<{ created: boolean; notification: NotificationDto }> {
    assertStaff(actor);
    const recipient = await this.recipientOf(actor, input);
    const idempotencyKey = `api:${input.idempotencyKey ?? randomUUID()}`;
    const existing = await this.findByKey(actor.organizationId, idempotencyKey);
    if (existing) return { created: false, notification: toNotificationDto(existing) };

    const request: NotificationRequest = {
      organizationId: actor.organizationId,
      recipient,
      ...contentOf(actor, input, 'direct'),
      idempotencyKey,
      priority: PRIORITY.direct,
      createdById: actor.userId,
      // One person written to on purpose: a client who blocked the bot before may have unblocked it.
      evenIfDisabled: recipient.type === 'client',
      replyMarkup: input.buttons?.length
        ? { inline_keyboard: input.buttons.map((b) => [{ text: b.text, url: b.url }]) }
        : null,
    };
    const result = await this.outbox.write([request]);
    if (result.skipped.length > 0) {
      throw new NotificationsException(
        NotificationsErrorCode.RECIPIENT_NOT_LINKED,
        `The ${recipient.type} ${recipient.id} has no Telegram linked (or Telegram refused their chat): nothing was sent.`,
      );
    }
    // A concurrent request with the same key may have written it first.
    const row = await this.findByKey(actor.organizationId, idempotencyKey);
    if (!row) throw NotificationsException.notFound('Notification', idempotencyKey);
    return { created: result.written.length > 0, notification: toNotificationDto(row) };
  }

  /** A failed or cancelled notification goes out again (as it was written). */
  async retry(actor: Actor, id: string): Promise<NotificationDto> {
    const row = await this.load(actor, id);
    const ticket = await this.rows.retry(row.id);
    if (!ticket) {
      throw new NotificationsException(
        NotificationsErrorCode.NOT_RETRYABLE,
        `Notification ${id} is ${row.status}: only failed or cancelled notifications can be retried.`,
      );
    }
    await this.outbox.enqueue([ticket]);
    return toNotificationDto(await this.load(actor, id));
  }

  private async load(actor: Actor, id: string): Promise<Notification> {
    assertStaff(actor);
    const row = await this.notifications.findOneBy({
      organizationId: actor.organizationId,
      id,
      ...(actor.role === 'vendor' ? {} : { createdById: actor.userId }),
    });
    if (!row) throw NotificationsException.notFound('Notification', id);
    return row;
  }

  private findByKey(organizationId: string, idempotencyKey: string): Promise<Notification | null> {
    return this.notifications.findOneBy({ organizationId, idempotencyKey });
  }

  private async recipientOf(actor: Actor, input: SendNotificationDto): Promise<{ type: RecipientType; id: string }> {
    const given = [input.userId, input.clientId, input.chatId].filter((v) => v !== undefined);
    if (given.length !== 1) {
      throw NotificationsException.invalid('recipient', ['give exactly one of userId, clientId, chatId']);
    }
    if (input.userId) {
      if (!(await this.directory.usersOf(actor.organizationId, [input.userId])).has(input.userId)) {
        throw NotificationsException.notFound('User', input.userId);
      }
      return { type: 'user', id: input.userId };
    }
    if (input.clientId) {
      if (!(await this.directory.customers(actor.organizationId, [input.clientId])).has(input.clientId)) {
        throw NotificationsException.notFound('Client', input.clientId);
      }
      return { type: 'client', id: input.clientId };
    }
    return { type: 'chat', id: String(input.chatId) };
  }
}
