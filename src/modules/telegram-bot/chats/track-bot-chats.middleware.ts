import { Context, MiddlewareFn } from 'telegraf';
import type { Chat } from 'telegraf/types';
import { DataSource } from 'typeorm';

function titleOf(chat: Chat): string | null {
  return 'title' in chat ? chat.title : null;
}

function usernameOf(chat: Chat): string | null {
  return 'username' in chat && chat.username ? chat.username : null;
}

/**
 * Records the chats the bot is in: any update's chat (kind, title), the bot's own membership
 * changes (added, removed, promoted, blocked by the user) and group-to-supergroup migrations.
 */
export function trackBotChats(dataSource: DataSource): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (chat) {
      const member = ctx.myChatMember?.new_chat_member.status ?? null;
      const message = ctx.message as { migrate_to_chat_id?: number } | undefined;
      await dataSource.query(
        `INSERT INTO telegram_bot_chats (chat_id, type, title, username, bot_status, migrated_to_chat_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (chat_id) DO UPDATE SET
           type = EXCLUDED.type,
           title = COALESCE(EXCLUDED.title, telegram_bot_chats.title),
           username = COALESCE(EXCLUDED.username, telegram_bot_chats.username),
           bot_status = COALESCE(EXCLUDED.bot_status, telegram_bot_chats.bot_status),
           migrated_to_chat_id = COALESCE(EXCLUDED.migrated_to_chat_id, telegram_bot_chats.migrated_to_chat_id),
           updated_at = now()`,
        [
          String(chat.id),
          chat.type,
          titleOf(chat),
          usernameOf(chat),
          member,
          message?.migrate_to_chat_id ? String(message.migrate_to_chat_id) : null,
        ],
      );
    }
    await next();
  };
}
