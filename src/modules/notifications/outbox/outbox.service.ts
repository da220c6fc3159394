import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TelegramRecipient, TelegramRecipientsService } from '../../auth-link/telegram-recipients.service';
import { CrmDirectory } from '../crm/crm-directory.service';
import { DeliveryProducer } from '../delivery/delivery.producer';
import type { Priority, RecipientType } from '../notifications.constants';
import { NotificationsMetrics } from '../notifications.metrics';
import type { NotificationType } from '../templates/notification-types';
import { renderTemplate } from '../templates/template-renderer';
import { TemplateResolver } from '../templates/template-resolver.service';
import { JobTicket, NewNotification, NotificationsRepository } from './notifications.repository';

export type VariableValues = Record<string, string | number | null | undefined>;

/** One notification to write: to whom, what (a type rendered with variables), and its key. */
export interface NotificationRequest {
  organizationId: string;
  recipient: { type: RecipientType; id: string };
  type: NotificationType;
  /** The type's variables; a function when they depend on the language (money, dates). */
  variables: VariableValues | ((language: string) => VariableValues);
  /** Replaces the type's template (an API send with its own body is still escaped per value). */
  body?: string;
  referenceId?: string | null;
  /** Unique per organization: the same key never makes a second row. */
  idempotencyKey: string;
  priority: Priority;
  broadcastId?: string | null;
  createdById?: string | null;
  replyMarkup?: Record<string, unknown> | null;
  /**
   * A client's link that Telegram refused before is tried too (a staff member writing to one
   * client: the client may have unblocked the bot; a delivered message enables the link again).
   */
  evenIfDisabled?: boolean;
}

export interface WriteResult {
  /** Rows written (new idempotency keys). */
  written: JobTicket[];
  /** Requests whose key already had a row. */
  duplicates: number;
  /** Requests whose recipient has no enabled Telegram link (nothing written). */
  skipped: NotificationRequest[];
}

/**
 * Writes notifications into the outbox: finds each recipient's chat and language, renders the
 * template, and inserts one row per idempotency key. Jobs are queued only after the rows are
 * committed (with `manager`, by the caller through `enqueue`).
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly rows: NotificationsRepository,
    private readonly recipients: TelegramRecipientsService,
    private readonly directory: CrmDirectory,
    private readonly templates: TemplateResolver,
    private readonly producer: DeliveryProducer,
    private readonly metrics: NotificationsMetrics,
  ) {}

  /** Writes and queues in one go (its own statement; rows are committed when it returns). */
  async write(requests: NotificationRequest[]): Promise<WriteResult> {
    const result = await this.writeRows(requests);
    await this.enqueue(result.written);
    return result;
  }

  /** Writes rows (in the caller's transaction when `manager` is given); queue them after commit. */
  async writeRows(requests: NotificationRequest[], manager?: EntityManager): Promise<WriteResult> {
    if (requests.length === 0) return { written: [], duplicates: 0, skipped: [] };
    const chats = await this.resolveChats(requests);
    const names = await this.recipientNames(requests);
    const organizationNames = new Map<string, string>();
    const rows: NewNotification[] = [];
    const skipped: NotificationRequest[] = [];
    for (const request of requests) {
      const chat = chats.get(recipientKey(request.recipient));
      if (!chat) {
        skipped.push(request);
        continue;
      }
      if (!organizationNames.has(request.organizationId)) {
        organizationNames.set(request.organizationId, await this.directory.organizationName(request.organizationId));
      }
      const template = await this.templates.resolve(request.organizationId, request.type, chat.languageCode);
      const language = template.language;
      const own = typeof request.variables === 'function' ? request.variables(language) : request.variables;
      const values: Record<string, string | null> = {
        'organization.name': organizationNames.get(request.organizationId) ?? '',
        'recipient.name': names.get(recipientKey(request.recipient)) ?? '',
      };
      for (const [name, value] of Object.entries(own))
        values[name] = value === undefined || value === null ? null : String(value);
      rows.push({
        organizationId: request.organizationId,
        recipientType: request.recipient.type,
        recipientId: request.recipient.id,
        chatId: chat.chatId,
        language,
        notificationType: request.type,
        referenceId: request.referenceId ?? null,
        message: renderTemplate(request.body ?? template.body, values),
        replyMarkup: request.replyMarkup ?? null,
        priority: request.priority,
        idempotencyKey: request.idempotencyKey,
        broadcastId: request.broadcastId ?? null,
        createdById: request.createdById ?? null,
      });
    }
    if (skipped.length > 0) {
      this.metrics.skipped.labels('not_linked').inc(skipped.length);
      this.logger.debug(`${skipped.length} recipient(s) without an enabled Telegram link skipped`);
    }
    const written = await this.rows.insertMany(rows, manager);
    return { written, duplicates: rows.length - written.length, skipped };
  }

  enqueue(tickets: JobTicket[]): Promise<void> {
    return this.producer.enqueue(tickets);
  }

  private async resolveChats(requests: NotificationRequest[]): Promise<Map<string, TelegramRecipient>> {
    const ids = (type: RecipientType): string[] => [
      ...new Set(requests.filter((r) => r.recipient.type === type).map((r) => r.recipient.id)),
    ];
    const retrying = new Set(
      requests.filter((r) => r.recipient.type === 'client' && r.evenIfDisabled).map((r) => r.recipient.id),
    );
    const [users, clients, retried] = await Promise.all([
      this.recipients.findForUsers(ids('user')),
      this.recipients.findForClients(ids('client').filter((id) => !retrying.has(id))),
      this.recipients.findForClients([...retrying], { includeDisabled: true }),
    ]);
    const chats = new Map<string, TelegramRecipient>();
    for (const [id, chat] of users) chats.set(`user:${id}`, chat);
    for (const [id, chat] of [...clients, ...retried]) chats.set(`client:${id}`, chat);
    for (const chatId of ids('chat')) {
      chats.set(`chat:${chatId}`, {
        chatId,
        languageCode: await this.recipients.languageOfChat(chatId),
        via: 'link',
      });
    }
    return chats;
  }

  private async recipientNames(requests: NotificationRequest[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const userIds = [...new Set(requests.filter((r) => r.recipient.type === 'user').map((r) => r.recipient.id))];
    for (const [id, user] of await this.directory.users(userIds)) names.set(`user:${id}`, user.name);
    const byOrganization = new Map<string, string[]>();
    for (const r of requests.filter((q) => q.recipient.type === 'client')) {
      byOrganization.set(r.organizationId, [...(byOrganization.get(r.organizationId) ?? []), r.recipient.id]);
    }
    for (const [organizationId, ids] of byOrganization) {
      for (const [id, client] of await this.directory.customers(organizationId, [...new Set(ids)])) {
        names.set(`client:${id}`, client.name);
      }
    }
    return names;
  }
}

function recipientKey(recipient: { type: RecipientType; id: string }): string {
  return `${recipient.type}:${recipient.id}`;
}
