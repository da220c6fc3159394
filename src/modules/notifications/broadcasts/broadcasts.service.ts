import { Injectable, Logger } from '@nestjs/common';
import { TelegramRecipientsService } from '../../auth-link/telegram-recipients.service';
import type { Actor } from '../../auth/policy.types';
import { Page, pageWindow } from '../../crm/common/page';
import { assertStaff, assertVendor } from '../api/access';
import { contentOf } from '../api/content';
import { CrmDirectory } from '../crm/crm-directory.service';
import { PRIORITY, RecipientType } from '../notifications.constants';
import { NotificationsErrorCode, NotificationsException } from '../notifications.exception';
import { NotificationsRepository } from '../outbox/notifications.repository';
import { NotificationRequest, OutboxService } from '../outbox/outbox.service';
import { BroadcastDto, BroadcastQueryDto, CreateBroadcastDto } from './broadcast.dto';
import { BroadcastsRepository } from './broadcasts.repository';
import { NotificationBroadcast } from './notification-broadcast.entity';

/**
 * One message to a segment: one outbox row per linked recipient, all under the broadcast's id,
 * sent behind direct messages and event notifications; progress is counted from the rows.
 */
@Injectable()
export class BroadcastsService {
  private readonly logger = new Logger(BroadcastsService.name);

  constructor(
    private readonly broadcasts: BroadcastsRepository,
    private readonly rows: NotificationsRepository,
    private readonly outbox: OutboxService,
    private readonly recipients: TelegramRecipientsService,
    private readonly directory: CrmDirectory,
  ) {}

  async create(actor: Actor, input: CreateBroadcastDto): Promise<BroadcastDto> {
    assertVendor(actor, 'send broadcasts');
    const content = contentOf(actor, input, 'broadcast');
    const targets = await this.segment(actor, input);
    const { broadcast, written } = await this.rows.transaction(async (manager) => {
      const created = await this.broadcasts.create(manager, {
        organizationId: actor.organizationId,
        segment: input.segment,
        segmentIds: input.ids ?? null,
        status: 'running',
        notificationType: content.type,
        createdById: actor.userId,
      });
      const requests: NotificationRequest[] = targets.map((recipient) => ({
        organizationId: actor.organizationId,
        recipient,
        ...content,
        idempotencyKey: `broadcast:${created.id}:${recipient.type}:${recipient.id}`,
        priority: PRIORITY.bulk,
        broadcastId: created.id,
        createdById: actor.userId,
      }));
      const result = await this.outbox.writeRows(requests, manager);
      await this.broadcasts.setTotals(manager, created.id, result.written.length, result.skipped.length);
      return { broadcast: created, written: result.written };
    });
    await this.outbox.enqueue(written);
    // Nobody in the segment has Telegram: nothing to wait for.
    if (written.length === 0) await this.broadcasts.transition(broadcast.id, ['running'], 'finished');
    this.logger.log(
      `Broadcast ${broadcast.id} by ${actor.userId}: ${written.length} notification(s) to ${input.segment}, ` +
        `${targets.length - written.length} recipient(s) without Telegram`,
    );
    return this.get(actor, broadcast.id);
  }

  async list(actor: Actor, query: BroadcastQueryDto): Promise<Page<BroadcastDto>> {
    assertStaff(actor);
    const window = pageWindow(query);
    const [rows, total] = await this.broadcasts.list(
      actor.organizationId,
      window,
      actor.role === 'vendor' ? undefined : actor.userId,
    );
    return { items: await Promise.all(rows.map((row) => this.progress(row))), total, ...window };
  }

  async get(actor: Actor, id: string): Promise<BroadcastDto> {
    return this.progress(await this.load(actor, id));
  }

  async pause(actor: Actor, id: string): Promise<BroadcastDto> {
    const broadcast = await this.load(actor, id, 'pause broadcasts');
    if (!(await this.broadcasts.transition(id, ['running'], 'paused'))) throw this.refused(broadcast, 'paused');
    this.logger.log(`Broadcast ${id} paused by ${actor.userId}`);
    return this.get(actor, id);
  }

  async resume(actor: Actor, id: string): Promise<BroadcastDto> {
    const broadcast = await this.load(actor, id, 'resume broadcasts');
    if (!(await this.broadcasts.transition(id, ['paused'], 'running'))) throw this.refused(broadcast, 'resumed');
    // Paused rows lost their jobs (a job finding its broadcast paused ends): new ones for all.
    const tickets = await this.rows.renumber(await this.broadcasts.pendingRowIds(id));
    await this.outbox.enqueue(tickets);
    this.logger.log(`Broadcast ${id} resumed by ${actor.userId}: ${tickets.length} notification(s) to go`);
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string): Promise<BroadcastDto> {
    const broadcast = await this.load(actor, id, 'cancel broadcasts');
    if (!(await this.broadcasts.transition(id, ['running', 'paused'], 'cancelled'))) {
      throw this.refused(broadcast, 'cancelled');
    }
    const cancelled = await this.broadcasts.cancelOpenRows(id);
    this.logger.log(`Broadcast ${id} cancelled by ${actor.userId}: ${cancelled} notification(s) not sent`);
    return this.get(actor, id);
  }

  private async segment(actor: Actor, input: CreateBroadcastDto): Promise<{ type: RecipientType; id: string }[]> {
    const needsIds = input.segment === 'customers' || input.segment === 'users';
    if (needsIds !== (input.ids !== undefined)) {
      throw NotificationsException.invalid('ids', [
        needsIds ? `the ${input.segment} segment needs ids` : `ids go with the customers or users segment only`,
      ]);
    }
    switch (input.segment) {
      case 'linked_customers':
        return (await this.recipients.linkedClients(actor.organizationId)).map((c) => ({
          type: 'client',
          id: c.clientId,
        }));
      case 'customers_with_open_invoices':
        return (await this.directory.customersWithOpenInvoices(actor.organizationId)).map((id) => ({
          type: 'client',
          id,
        }));
      case 'customers': {
        const found = await this.directory.customers(actor.organizationId, input.ids ?? []);
        this.assertAllFound('Client', input.ids ?? [], found);
        return [...found.keys()].map((id) => ({ type: 'client', id }));
      }
      case 'users': {
        const found = await this.directory.usersOf(actor.organizationId, input.ids ?? []);
        this.assertAllFound('User', input.ids ?? [], found);
        return [...found.keys()].map((id) => ({ type: 'user', id }));
      }
    }
  }

  private assertAllFound(what: string, ids: string[], found: Map<string, unknown>): void {
    const missing = [...new Set(ids)].filter((id) => !found.has(id));
    if (missing.length > 0) throw NotificationsException.notFound(what, missing.slice(0, 5).join(', '));
  }

  private async progress(broadcast: NotificationBroadcast): Promise<BroadcastDto> {
    const counts = await this.broadcasts.counts(broadcast.id);
    const pending = counts.pending + counts.sending;
    const now = Date.now();
    const since = counts.firstSentAt ? (now - counts.firstSentAt.getTime()) / 1000 : 0;
    // The last 30 s, or since the first send when that is shorter.
    const rate =
      since <= 0 ? 0 : since < counts.windowS ? counts.sent / Math.max(since, 1) : counts.sentRecently / counts.windowS;
    const estimatedEndAt =
      broadcast.status === 'running' && pending > 0 && rate > 0 ? new Date(now + (pending / rate) * 1000) : null;
    return {
      id: broadcast.id,
      status: broadcast.status,
      segment: broadcast.segment,
      total: broadcast.total,
      skipped: broadcast.skipped,
      sent: counts.sent,
      failed: counts.failed,
      pending,
      cancelled: counts.cancelled,
      rate: Math.round(rate * 100) / 100,
      estimatedEndAt,
      createdById: broadcast.createdById,
      createdAt: broadcast.createdAt,
      finishedAt: broadcast.finishedAt,
    };
  }

  private async load(actor: Actor, id: string, change?: string): Promise<NotificationBroadcast> {
    if (change) assertVendor(actor, change);
    else assertStaff(actor);
    const broadcast = await this.broadcasts.getById(actor.organizationId, id);
    if (!broadcast || (actor.role !== 'vendor' && broadcast.createdById !== actor.userId)) {
      throw NotificationsException.notFound('Broadcast', id);
    }
    return broadcast;
  }

  private refused(broadcast: NotificationBroadcast, wanted: string): NotificationsException {
    return new NotificationsException(
      NotificationsErrorCode.INVALID_BROADCAST_STATE,
      `Broadcast ${broadcast.id} is ${broadcast.status}; it cannot be ${wanted}.`,
    );
  }
}
