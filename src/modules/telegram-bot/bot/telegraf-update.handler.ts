import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { paceTelegram } from '../../../core/telegram/paced-telegram';
import { TelegramRateLimiter } from '../../../core/telegram/telegram-rate-limiter';
import { UpdateHandler } from '../updates/update-handler';
import { RawUpdate } from '../updates/update-key.util';

/** Runs an update from the inbox through the Telegraf bot and its nestjs-telegraf handlers. */
@Injectable()
export class TelegrafUpdateHandler extends UpdateHandler implements OnModuleInit {
  private readonly logger = new Logger(TelegrafUpdateHandler.name);

  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly limiter: TelegramRateLimiter,
  ) {
    super();
  }

  onModuleInit(): void {
    // Every reply the bot sends waits for its slot in the shared schedule.
    paceTelegram(this.bot.telegram, this.limiter);
    // nestjs-telegraf's default catch logs and swallows; the inbox needs the failure to
    // retry the update and, in the end, park it with its error.
    this.bot.catch((error) => {
      throw error;
    });
    // The bot is never launched (the inbox feeds it), so stopping it must not throw
    // "Bot is not running!" from nestjs-telegraf's shutdown hook.
    const stop = this.bot.stop.bind(this.bot);
    this.bot.stop = (reason?: string) => {
      try {
        stop(reason);
      } catch {
        this.logger.debug('Bot was not running');
      }
    };
  }

  async handle(update: RawUpdate): Promise<void> {
    try {
      await this.bot.handleUpdate(update as unknown as Update);
    } catch (error) {
      // Telegram refused a reply for good (the user blocked the bot, the chat is gone, the
      // message to edit was deleted): handling the update again would be refused again.
      const code = (error as { response?: { error_code?: number; description?: string } }).response;
      if (code?.error_code === 400 || code?.error_code === 403) {
        this.logger.warn(`Update ${update.update_id}: Telegram refused a reply (${code.description}); not retrying`);
        return;
      }
      throw error;
    }
  }
}
