import { Injectable, Logger } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import { callInReservedSlot } from '../../../core/telegram/paced-telegram';
import { TelegramRateLimiter } from '../../../core/telegram/telegram-rate-limiter';
import { TelegramRecipientsService } from '../../auth-link/telegram-recipients.service';
import { MAX_SEND_ATTEMPTS, PRIORITY, retryDelayMs } from '../notifications.constants';
import { StoppedBroadcasts } from '../broadcasts/stopped-broadcasts.service';
import { NotificationsMetrics } from '../notifications.metrics';
import { DeliveryCandidate, NotificationsRepository } from '../outbox/notifications.repository';
import { BulkSlotLine } from './bulk-slot-line';
import { DeliverJobData, DeliveryProducer } from './delivery.producer';
import { classifySendFailure, SendFailure } from './telegram-failure';
import { sleep } from '../../../core/timing/sleep';

/**
 * A send slot further away than this is not taken: the row goes back to the queue with a delay
 * instead of holding a worker (a group's next slot is 3 s away, a chat on hold for retry_after).
 */
export const MAX_SLOT_WAIT_MS = 1500;
/**
 * Broadcasts and digests book slots at most this far ahead: the rest of the schedule within
 * MAX_SLOT_WAIT_MS stays free for direct messages and event notifications (see BulkSlotLine).
 */
export const BULK_HORIZON_MS = 500;
/** How long a claimed row is the worker's; past it the sweeper presumes the worker dead. */
export const CLAIM_LEASE_MS = 30_000;
/** A Bot API call that takes longer is abandoned (and retried: its outcome is unknown). */
export const SEND_TIMEOUT_MS = 15_000;
// A broadcast's row checks that its broadcast still runs this long before its slot.
const STOP_CHECK_LEAD_MS = 25;
// Come back slightly before a far slot so that it is within reach then.
const REQUEUE_LEAD_MS = 50;
// Several chats answered 429 within this window: the bot as a whole is being limited.
const GLOBAL_429_WINDOW_MS = 1000;
const GLOBAL_429_CHATS = 3;

export type DeliveryOutcome = 'sent' | 'failed' | 'postponed' | 'stale' | 'held' | 'behind';

/**
 * Sends one outbox row: checks it is still this job's and first in its chat's line, reserves a
 * slot in the shared schedule, claims the row, sends it through the bot's one Telegram client,
 * and records what Telegram said.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly recent429: { chatId: string; at: number }[] = [];
  private readonly bulkLine: BulkSlotLine;

  constructor(
    private readonly rows: NotificationsRepository,
    private readonly producer: DeliveryProducer,
    private readonly limiter: TelegramRateLimiter,
    private readonly recipients: TelegramRecipientsService,
    private readonly metrics: NotificationsMetrics,
    private readonly stopped: StoppedBroadcasts,
    @InjectBot() private readonly bot: Telegraf<Context>,
  ) {
    this.bulkLine = new BulkSlotLine(limiter, BULK_HORIZON_MS, MAX_SLOT_WAIT_MS);
  }

  async deliver(job: DeliverJobData): Promise<DeliveryOutcome> {
    const found = await this.rows.claimForDelivery(job.id, job.seq, CLAIM_LEASE_MS);
    if (!found) return 'stale';
    const { row, claimed } = found;
    if (!claimed) {
      if (row.status !== 'pending' || row.jobSeq !== job.seq) return 'stale';
      if (row.held) return 'held';
      // Only the first open row of a chat goes; finishing it hands the next one a job.
      if (row.behind) return 'behind';
      return this.requeue(row, row.nextAttemptAt.getTime() - Date.now());
    }
    // Claimed before its slot is reserved: the send then leaves on its slot without a database
    // round trip in between.
    const reservation =
      row.priority >= PRIORITY.bulk
        ? await this.bulkLine.reserve(row.chatId)
        : await this.limiter.reserve(row.chatId, MAX_SLOT_WAIT_MS);
    if (!reservation.reserved) return this.requeue(row, reservation.delayMs - REQUEUE_LEAD_MS);
    // Paused or cancelled while this row waited for its slot: it waits for resume, or is
    // cancelled. Checked just before the slot: reading the list may take a query, which must
    // not make the send late.
    if (row.broadcastId) {
      await sleep(reservation.dueAt - STOP_CHECK_LEAD_MS - Date.now());
      if (await this.stopped.isStopped(row.broadcastId)) {
        const { next } = await this.persist(() => this.rows.standDown(row.id), row.id);
        await this.producer.enqueue(next ? [next] : []);
        return 'held';
      }
    }
    let message: Message.TextMessage;
    let sendError: { error: unknown } | undefined;
    try {
      message = await this.limiter.sendInSlot(reservation, () =>
        this.send(row).catch((error: unknown) => {
          sendError = { error };
          throw error;
        }),
      );
    } catch (error) {
      if (sendError) return this.failed(row, classifySendFailure(sendError.error));
      // The schedule (Redis) failed before anything was sent: the row goes back to the queue.
      this.logger.warn(`No send slot for row ${row.id} (${(error as Error).message}); trying again shortly`);
      return this.requeue(row, 1000);
    }
    this.metrics.sent.inc();
    const { next } = await this.persist(() => this.rows.markSent(row.id, message.message_id), row.id);
    // Only a direct message may go to a chat whose link Telegram refused before (see OutboxService).
    if (row.priority === PRIORITY.direct) {
      await this.recipients.enableLink(row.chatId).catch((error: unknown) => {
        this.logger.warn(`Could not enable the links of chat ${row.chatId} again: ${String(error)}`);
      });
    }
    await this.producer.enqueue(next ? [next] : []);
    return 'sent';
  }

  private async send(row: DeliveryCandidate): Promise<Message.TextMessage> {
    return callInReservedSlot(() =>
      this.bot.telegram.callApi(
        'sendMessage',
        {
          chat_id: Number(row.chatId),
          text: row.message,
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(row.replyMarkup ? { reply_markup: row.replyMarkup } : {}),
        } as never,
        { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) as never },
      ),
    ) as Promise<Message.TextMessage>;
  }

  private async failed(row: DeliveryCandidate, failure: SendFailure): Promise<DeliveryOutcome> {
    switch (failure.kind) {
      case 'rate_limited': {
        this.metrics.rateLimited.inc();
        await this.noteRateLimit(row.chatId, failure.retryAfterS);
        this.logger.warn(
          `Telegram answered 429 for chat ${row.chatId}: waiting ${failure.retryAfterS} s (row ${row.id})`,
        );
        const ticket = await this.persist(
          () => this.rows.postpone(row.id, row.jobSeq, failure.retryAfterS * 1000, { error: failure.description }),
          row.id,
        );
        await this.producer.enqueue(ticket ? [ticket] : []);
        return 'postponed';
      }
      case 'chat_unreachable': {
        this.metrics.failed.labels('chat_unreachable').inc();
        await this.persist(() => this.rows.markFailed(row.id, failure.description), row.id);
        const others = await this.persist(() => this.rows.failOpenRowsOfChat(row.chatId, failure.description), row.id);
        await this.persist(() => this.recipients.disableLink(row.chatId, failure.description), row.id);
        this.logger.warn(
          `Telegram refused chat ${row.chatId} for good (${failure.description}): row ${row.id} and ${others.length} ` +
            'other open row(s) failed, link disabled',
        );
        return 'failed';
      }
      case 'rejected': {
        this.metrics.failed.labels('rejected').inc();
        const { next } = await this.persist(() => this.rows.markFailed(row.id, failure.description), row.id);
        this.logger.warn(`Telegram refused row ${row.id}: ${failure.description}`);
        await this.producer.enqueue(next ? [next] : []);
        return 'failed';
      }
      case 'transient': {
        const attempt = row.attempts + 1;
        if (attempt >= MAX_SEND_ATTEMPTS) {
          this.metrics.failed.labels('transient').inc();
          const { next } = await this.persist(
            () => this.rows.markFailed(row.id, `${failure.description} (gave up after ${attempt} attempts)`),
            row.id,
          );
          this.logger.warn(`Row ${row.id} failed after ${attempt} attempts: ${failure.description}`);
          await this.producer.enqueue(next ? [next] : []);
          return 'failed';
        }
        this.metrics.retried.inc();
        const delay = retryDelayMs(attempt);
        this.logger.warn(
          `Sending row ${row.id} failed (${failure.description}); attempt ${attempt}, next in ${delay} ms`,
        );
        const ticket = await this.persist(
          () => this.rows.postpone(row.id, row.jobSeq, delay, { error: failure.description, countAttempt: true }),
          row.id,
        );
        await this.producer.enqueue(ticket ? [ticket] : []);
        return 'postponed';
      }
    }
  }

  // The chat is on hold already (the paced client did it); several chats refused at once mean
  // the bot as a whole is limited: hold everything.
  private async noteRateLimit(chatId: string, retryAfterS: number): Promise<void> {
    const now = Date.now();
    while (this.recent429.length > 0 && this.recent429[0].at < now - GLOBAL_429_WINDOW_MS) this.recent429.shift();
    this.recent429.push({ chatId, at: now });
    if (new Set(this.recent429.map((r) => r.chatId)).size >= GLOBAL_429_CHATS) {
      this.logger.warn(`429s from ${GLOBAL_429_CHATS} chats within a second: holding every send for ${retryAfterS} s`);
      await this.limiter.holdAll(retryAfterS);
    }
  }

  private async requeue(row: DeliveryCandidate, delayMs: number): Promise<DeliveryOutcome> {
    const ticket = await this.persist(() => this.rows.postpone(row.id, row.jobSeq, Math.max(0, delayMs)), row.id);
    await this.producer.enqueue(ticket ? [ticket] : []);
    return 'postponed';
  }

  /**
   * Records an outcome Telegram already gave: keeps trying while PostgreSQL is away (a restart),
   * because giving up would leave the row to be sent a second time.
   */
  private async persist<T>(write: () => Promise<T>, rowId: string): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (Date.now() - started > 10 * 60_000) throw error;
        if (attempt === 1 || attempt % 20 === 0) {
          this.logger.warn(`Could not record the outcome of row ${rowId} (${(error as Error).message}); retrying`);
        }
        await sleep(Math.min(250 * attempt, 2000));
      }
    }
  }
}
