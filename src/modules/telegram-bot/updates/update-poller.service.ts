import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Telegraf } from 'telegraf';
import { AppConfig } from '../../../core/config/app-config';
import { REDIS_CLIENT } from '../../../core/redis/redis.module';
import { TelegramConnection } from '../../../core/telegram/telegram-connection';
import { AFTER_START_MS, telegramMode } from '../telegram-mode';
import { UpdateIngestService } from './update-ingest.service';
import { RawUpdate } from './update-key.util';

const LEASE_MS = 30_000;
const POLL_TIMEOUT_S = 25;

/**
 * Polling mode: one instance at a time (a lease in Redis; Telegram answers 409 to two
 * concurrent getUpdates) long-polls Telegram and commits each batch to the inbox before
 * confirming it: the offset moves past an update only once it is stored.
 */
@Injectable()
export class UpdatePoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UpdatePoller.name);
  private readonly owner = randomUUID();
  private running = false;
  private loop?: Promise<void>;
  private abort?: AbortController;
  private startTimer?: NodeJS.Timeout;

  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly ingest: UpdateIngestService,
    private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly connection: TelegramConnection,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runsWorkers && telegramMode(this.config) === 'polling') {
      this.startTimer = setTimeout(() => this.start(), AFTER_START_MS);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.startTimer);
    this.running = false;
    this.abort?.abort();
    await this.loop;
    await this.redis.eval(RELEASE, 1, this.leaseKey(), this.owner).catch(() => undefined);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  private leaseKey(): string {
    return `${this.config.queuePrefix}:telegram:poller`;
  }

  private async run(): Promise<void> {
    let offset: number | undefined;
    let leader = false;
    let failures = 0;
    while (this.running) {
      try {
        const held = await this.redis.eval(ACQUIRE, 1, this.leaseKey(), this.owner, String(LEASE_MS));
        if (held !== 1) {
          if (leader) this.logger.warn('Lost the polling lease to another instance');
          leader = false;
          await sleep(LEASE_MS / 3);
          continue;
        }
        if (!leader) this.logger.log('Polling Telegram for updates');
        leader = true;
        // Drop the webhook so getUpdates is allowed (Telegram answers 409 while one is set).
        if (offset === undefined) await this.bot.telegram.deleteWebhook();
        this.abort = new AbortController();
        const updates = (await this.bot.telegram.callApi(
          'getUpdates',
          { offset, timeout: POLL_TIMEOUT_S, allowed_updates: [] },
          { signal: this.abort.signal as never },
        )) as unknown as RawUpdate[];
        if (updates.length > 0) {
          await this.ingest.accept(updates, 'polling');
          offset = Math.max(...updates.map((u) => u.update_id)) + 1;
        }
      } catch (error) {
        if (!this.running) break;
        failures++;
        const message = `getUpdates failed: ${(error as Error).message}; retrying`;
        // The in-process sandbox answers once the HTTP server listens: no alarm for it.
        if (this.connection.isSandbox) this.logger.debug(message);
        else this.logger.warn(message);
        await sleep(failures > 3 ? 2000 : 250);
        continue;
      }
      failures = 0;
    }
  }
}

const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
