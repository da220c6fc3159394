import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Counter, Histogram } from 'prom-client';
import { AppConfig } from '../../../core/config/app-config';
import { MetricsService } from '../../../core/metrics/metrics.service';
import { UpdateHandler } from './update-handler';
import { ClaimedUpdate, UPDATES_CHANNEL, UpdateInboxRepository } from './update-inbox.repository';

export interface DispatcherOptions {
  concurrency: number;
  /** A handler still running after this is abandoned and counted as a failed attempt. */
  handlerTimeoutMs: number;
  /** Waits before attempts 2, 3, ...; after the last one the update is parked as failed. */
  retryDelaysMs: number[];
  pollIntervalMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  concurrency: 16,
  // Well below the 60 s Telegram waits for a webhook answer, and below the claim's lock.
  handlerTimeoutMs: 25_000,
  retryDelaysMs: [1_000, 5_000, 30_000],
  pollIntervalMs: 1_000,
};

class HandlerTimeout extends Error {}

/**
 * Runs the inbox: claims each chat's oldest unhandled update (never two of one chat at
 * once, many chats in parallel), hands it to the bot, and records the outcome. Runs in
 * every worker instance; PostgreSQL arbitrates. Woken by NOTIFY, and polls as a fallback.
 */
@Injectable()
export class UpdateDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UpdateDispatcher.name);
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private listener?: Client;
  private readonly outcomes: Counter<'outcome'>;
  private readonly latency: Histogram<'outcome'>;
  options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS;

  constructor(
    private readonly inbox: UpdateInboxRepository,
    private readonly handler: UpdateHandler,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.outcomes = new Counter({
      name: 'telegram_updates_handled_total',
      help: 'Telegram update handling attempts by outcome (handled, retry, failed)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    this.latency = new Histogram({
      name: 'telegram_update_handling_seconds',
      help: 'Time from claim to outcome of one update',
      labelNames: ['outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    // Start-up does not wait for the LISTEN connection: the loop polls until it is there.
    if (this.config.runsWorkers) void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(options: Partial<DispatcherOptions> = {}): Promise<void> {
    if (this.running) return;
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
    this.running = true;
    await this.listen();
    if (!this.running) {
      // Stopped while connecting.
      await this.listener?.end().catch(() => undefined);
      this.listener = undefined;
      return;
    }
    this.loop = this.run();
    this.logger.log(`Handling Telegram updates (${this.options.concurrency} chats at a time)`);
  }

  /** Stops claiming and waits for the updates in hand. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  private async listen(): Promise<void> {
    try {
      const client = new Client({ connectionString: this.config.databaseUrl });
      // A lost connection (PostgreSQL restarted) is replaced by the loop; polling covers the gap.
      const lost = (): void => {
        if (this.listener === client) this.listener = undefined;
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', () => this.wake?.());
      await client.connect();
      await client.query(`LISTEN ${UPDATES_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.debug(`LISTEN failed (${(error as Error).message}); polling until it works`);
    }
  }

  private async run(): Promise<void> {
    let lastListenAttempt = Date.now();
    while (this.running) {
      if (!this.listener && Date.now() - lastListenAttempt > 5000) {
        lastListenAttempt = Date.now();
        await this.listen();
      }
      const free = this.options.concurrency - this.inFlight.size;
      let claimed: ClaimedUpdate[] = [];
      if (free > 0) {
        try {
          claimed = await this.inbox.claimHeads(free, this.options.handlerTimeoutMs + 5_000);
        } catch (error) {
          this.logger.warn(`Could not claim updates: ${(error as Error).message}`);
        }
      }
      for (const update of claimed) {
        const task: Promise<void> = this.process(update).finally(() => {
          this.inFlight.delete(task);
          this.wake?.();
        });
        this.inFlight.add(task);
      }
      if (claimed.length === 0 || free - claimed.length <= 0) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async process(update: ClaimedUpdate): Promise<void> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.handler.handle(update.payload),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new HandlerTimeout(`handler timed out after ${this.options.handlerTimeoutMs} ms`)),
            this.options.handlerTimeoutMs,
          );
        }),
      ]);
      await this.persistOutcome(update, () => this.inbox.markHandled(update.updateId));
      this.record('handled', started);
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      const retryIn = this.options.retryDelaysMs[update.attempts - 1];
      const parked = retryIn === undefined;
      this.logger.warn(
        `Update ${update.updateId} (chat ${update.chatKey}) failed on attempt ${update.attempts}: ${message}` +
          (parked ? '; parked as failed' : `; retrying in ${retryIn} ms`),
      );
      await this.persistOutcome(update, () =>
        this.inbox.markFailed(update.updateId, message.slice(0, 2000), parked ? null : retryIn),
      );
      this.record(parked ? 'failed' : 'retry', started);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Records an outcome, retrying while the database is unreachable: an update whose outcome
   * was lost would be handled again once its claim expires (a second reply).
   */
  private async persistOutcome(update: ClaimedUpdate, write: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + this.options.handlerTimeoutMs * 2;
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          this.logger.error(`Could not record the outcome of update ${update.updateId}: ${(error as Error).message}`);
          return;
        }
        if (attempt === 1) this.logger.warn(`Recording the outcome of update ${update.updateId} failed; retrying`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * attempt, 2000)));
      }
    }
  }

  private record(outcome: string, started: number): void {
    this.outcomes.labels(outcome).inc();
    this.latency.labels(outcome).observe((Date.now() - started) / 1000);
  }
}
