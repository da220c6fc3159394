import { Global, Module } from '@nestjs/common';
import { TelegramConnection, telegramConnectionProvider } from './telegram-connection';
import { TelegramRateLimiter } from './telegram-rate-limiter';

/** What every module that talks to Telegram shares: the bot's connection and the send schedule. */
@Global()
@Module({
  providers: [TelegramRateLimiter, telegramConnectionProvider],
  exports: [TelegramRateLimiter, TelegramConnection],
})
export class TelegramCoreModule {}
