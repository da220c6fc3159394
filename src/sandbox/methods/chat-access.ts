import { BotApiError, CHAT_NOT_FOUND } from '../bot-api/bot-api-error';
import { ChatRoom } from '../state/chat-room';
import { MethodContext } from './method-context';

/** The chat a call names, as the bot may see it, or Telegram's 400/403. */
export function resolveChat(ctx: MethodContext, chatId: unknown): ChatRoom {
  const chat = ctx.state.chatForBot(ctx.bot, chatId as number | string);
  if (!chat || (chat.type === 'private' && !chat.started)) {
    if (typeof chatId === 'number' && chatId > 0 && knowsUserFromGroup(ctx, chatId)) {
      throw BotApiError.forbidden("bot can't initiate conversation with a user");
    }
    throw BotApiError.badRequest(CHAT_NOT_FOUND);
  }
  const status = chat.statusOf(ctx.bot.id);
  if (chat.type === 'private') {
    if (status === 'kicked') throw BotApiError.forbidden('bot was blocked by the user');
    return chat;
  }
  if (status === 'kicked') throw BotApiError.forbidden(`bot was kicked from the ${chat.type} chat`);
  if (status === 'left') throw BotApiError.forbidden(`bot is not a member of the ${chat.type} chat`);
  return chat;
}

/** Like resolveChat, plus what it takes to post: an administrator in a channel. */
export function resolveChatToWrite(ctx: MethodContext, chatId: unknown): ChatRoom {
  const chat = resolveChat(ctx, chatId);
  if (chat.type === 'channel' && chat.statusOf(ctx.bot.id) !== 'administrator') {
    throw BotApiError.badRequest('need administrator rights in the channel chat');
  }
  return chat;
}

/** Counts a message (or an edit) against the flood limits; 429 with retry_after when over. */
export function takeRateLimit(ctx: MethodContext, chat: ChatRoom, method: string): void {
  const decision = ctx.state.rateLimiter.take(ctx.bot.id, chat.id, chat.isGroup);
  if (decision.allowed) return;
  if (decision.violation) {
    ctx.state.recordViolation({
      time: ctx.state.clock.now(),
      botId: ctx.bot.id,
      chatId: chat.id,
      method,
      retryAfter: decision.retryAfter,
    });
  }
  throw BotApiError.tooManyRequests(decision.retryAfter);
}

function knowsUserFromGroup(ctx: MethodContext, userId: number): boolean {
  return [...ctx.state.chats.values()].some(
    (chat) => chat.type !== 'private' && chat.members.has(ctx.bot.id) && chat.members.has(userId),
  );
}
