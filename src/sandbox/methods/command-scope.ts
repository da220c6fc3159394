import { BotApiError } from '../bot-api/bot-api-error';
import { resolveChat } from './chat-access';
import { MethodContext } from './method-context';

export interface CommandScope {
  type: string;
  chat_id?: number | string;
  user_id?: number;
}

/** A key for a BotCommandScope; chat scopes are checked against chats the bot can see. */
export function scopeKey(ctx: MethodContext, scope: CommandScope | undefined): string {
  if (!scope || scope.type === 'default') return 'default';
  if (['all_private_chats', 'all_group_chats', 'all_chat_administrators'].includes(scope.type)) return scope.type;
  const chat = resolveChat(ctx, scope.chat_id);
  if (scope.type === 'chat_member') {
    if (chat.type === 'private') throw BotApiError.badRequest("can't use chat_member scope in private chats");
    if (!chat.members.has(scope.user_id as number)) throw BotApiError.badRequest('user not found');
    return `chat_member:${chat.id}:${scope.user_id}`;
  }
  if (scope.type === 'chat_administrators' && chat.type === 'private') {
    throw BotApiError.badRequest("can't use chat_administrators scope in private chats");
  }
  return `${scope.type}:${chat.id}`;
}

/**
 * The scope keys a user's command menu tries in a chat, most specific first
 * (https://core.telegram.org/bots/api#determining-list-of-commands).
 */
export function menuScopeKeys(chat: { id: number; type: string }, userId: number, isAdmin: boolean): string[] {
  if (chat.type === 'private') return [`chat:${chat.id}`, 'all_private_chats', 'default'];
  return [
    `chat_member:${chat.id}:${userId}`,
    ...(isAdmin ? [`chat_administrators:${chat.id}`] : []),
    `chat:${chat.id}`,
    ...(isAdmin ? ['all_chat_administrators'] : []),
    'all_group_chats',
    'default',
  ];
}
