import { Context, MiddlewareFn } from 'telegraf';
import { paceTelegram } from '../../../core/telegram/paced-telegram';
import { TelegramRateLimiter } from '../../../core/telegram/telegram-rate-limiter';

/**
 * telegraf gives every update its own `ctx.telegram` client: pace that one too, so replies
 * (`ctx.reply`) wait for their slot and survive a 429 like every other call.
 */
export function pacingMiddleware(limiter: TelegramRateLimiter): MiddlewareFn<Context> {
  return (ctx, next) => {
    paceTelegram(ctx.telegram, limiter);
    return next();
  };
}
