import { Context, MiddlewareFn } from 'telegraf';
import { DataSource } from 'typeorm';

/** The command a message starts with, without the bot's name (`/me@acme_bot` → `/me`). */
export function commandOf(text: string | undefined): string | null {
  const match = /^\/([A-Za-z0-9_]{1,32})(@\w+)?(\s|$)/.exec(text ?? '');
  return match ? `/${match[1].toLowerCase()}` : null;
}

/**
 * Keeps `telegram_users` current from every private update's sender: names, username,
 * language, last message and last command. Runs before any handler.
 */
export function trackTelegramUser(dataSource: DataSource): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot && ctx.chat?.type === 'private') {
      const message = ctx.message as { text?: string; date?: number } | undefined;
      const at = message?.date ? new Date(message.date * 1000) : new Date();
      await dataSource.query(
        `INSERT INTO telegram_users (chat_id, telegram_username, telegram_first_name, telegram_last_name, language_code,
                                     last_message_at, last_command_used)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (chat_id) DO UPDATE SET
           telegram_username = EXCLUDED.telegram_username,
           telegram_first_name = EXCLUDED.telegram_first_name,
           telegram_last_name = EXCLUDED.telegram_last_name,
           language_code = EXCLUDED.language_code,
           last_message_at = EXCLUDED.last_message_at,
           last_command_used = COALESCE(EXCLUDED.last_command_used, telegram_users.last_command_used),
           updated_at = now()`,
        [
          String(ctx.chat.id),
          from.username ?? null,
          from.first_name,
          from.last_name ?? null,
          from.language_code ?? null,
          at,
          commandOf(message?.text),
        ],
      );
    }
    await next();
  };
}
