import { Global, Module } from '@nestjs/common';
import { TelegramRateLimiter } from './telegram-rate-limiter';

/** What every module that talks to Telegram shares: the send schedule. */
@Global()
@Module({
  providers: [TelegramRateLimiter],
  exports: [TelegramRateLimiter],
})
export class TelegramCoreModule {}
