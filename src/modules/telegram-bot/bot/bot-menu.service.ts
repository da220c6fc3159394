import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Telegraf } from 'telegraf';
import { AppConfig } from '../../../core/config/app-config';
import { AFTER_START_MS } from '../telegram-mode';
import { GROUP_ADMIN_COMMANDS, GUEST_COMMANDS } from './command-menus';

/** Publishes the default command menu (setMyCommands) when a worker starts; chats get theirs at sign-in. */
@Injectable()
export class BotMenuService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BotMenuService.name);

  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not part of start-up: published once the app serves (readiness does not wait for Telegram).
    if (this.config.runsWorkers) setTimeout(() => void this.publish(), AFTER_START_MS).unref();
  }

  // In local mode the sandbox answers only once the HTTP server listens: retry for a while.
  private async publish(attempt = 1): Promise<void> {
    try {
      await this.bot.telegram.setMyCommands(GUEST_COMMANDS, { scope: { type: 'default' } });
      await this.bot.telegram.setMyCommands(GROUP_ADMIN_COMMANDS, { scope: { type: 'all_chat_administrators' } });
    } catch (error) {
      if (attempt >= 10) {
        this.logger.warn(`Could not publish the command menu: ${(error as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt).unref());
      await this.publish(attempt + 1);
    }
  }
}
