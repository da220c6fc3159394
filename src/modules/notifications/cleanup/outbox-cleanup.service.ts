import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { RetentionRepository } from './retention.repository';

const DAY_MS = 86_400_000;
/** Rows deleted per statement. */
export const CLEANUP_BATCH = 5000;

export interface CleanupResult extends Record<string, number> {
  notifications: number;
  broadcasts: number;
  updates: number;
}

/**
 * Deletes what has served its purpose: notifications that ended more than NOTIFY_RETENTION_DAYS
 * before `now` (and broadcasts that ended then, once their rows are gone), and Telegram updates
 * handled more than TELEGRAM_UPDATES_RETENTION_DAYS before. In batches until none is left.
 */
@Injectable()
export class OutboxCleanupService {
  private readonly logger = new Logger(OutboxCleanupService.name);

  constructor(
    private readonly retention: RetentionRepository,
    private readonly config: AppConfig,
  ) {}

  async run(now: Date, options: { batchSize?: number } = {}): Promise<CleanupResult> {
    const batch = options.batchSize ?? CLEANUP_BATCH;
    const notificationsCutoff = new Date(now.getTime() - this.config.env.NOTIFY_RETENTION_DAYS * DAY_MS);
    const updatesCutoff = new Date(now.getTime() - this.config.env.TELEGRAM_UPDATES_RETENTION_DAYS * DAY_MS);
    const result: CleanupResult = {
      notifications: await this.drain(
        (limit) => this.retention.deleteEndedNotifications(notificationsCutoff, limit),
        batch,
      ),
      broadcasts: await this.drain((limit) => this.retention.deleteEndedBroadcasts(notificationsCutoff, limit), batch),
      updates: await this.drain((limit) => this.retention.deleteHandledUpdates(updatesCutoff, limit), batch),
    };
    this.logger.log(
      `Cleanup: ${result.notifications} notification(s) and ${result.broadcasts} broadcast(s) ended before ` +
        `${notificationsCutoff.toISOString()}, ${result.updates} Telegram update(s) handled before ` +
        `${updatesCutoff.toISOString()} deleted`,
    );
    return result;
  }

  // Batch after batch until one comes back short.
  private async drain(deleteBatch: (limit: number) => Promise<number>, limit: number): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch(limit);
      total += deleted;
      if (deleted < limit) return total;
    }
  }
}
