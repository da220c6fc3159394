import { chatMemberObject } from '../actions/chat-member-object';
import { composeMessage } from '../actions/message-composer';
import { BotApiError } from '../bot-api/bot-api-error';
import { MAX_DOWNLOAD_BYTES } from '../state/file-store';
import { resolveChat } from './chat-access';
import { MethodContext, MethodTable } from './method-context';

function getChat(ctx: MethodContext): Record<string, unknown> {
  const chat = resolveChat(ctx, ctx.params.chat_id);
  // ChatFullInfo requires these three even where a chat has nothing special to say.
  return {
    ...chat.apiChat(),
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: {
      unlimited_gifts: false,
      limited_gifts: false,
      unique_gifts: false,
      premium_subscription: false,
      gifts_from_channels: false,
    },
  };
}

function getChatMember(ctx: MethodContext): Record<string, unknown> {
  const chat = resolveChat(ctx, ctx.params.chat_id);
  const userId = ctx.params.user_id as number;
  const user = ctx.state.users.get(userId)?.user ?? ctx.state.bots.get(userId)?.user();
  if (!user) throw BotApiError.badRequest('user not found');
  const member = chat.members.get(userId);
  return chatMemberObject(member?.user ?? user, member?.status ?? 'left', chat.type === 'channel');
}

function getChatAdministrators(ctx: MethodContext): Record<string, unknown>[] {
  const chat = resolveChat(ctx, ctx.params.chat_id);
  if (chat.type === 'private') throw BotApiError.badRequest('there are no administrators in the private chat');
  // Bots other than the caller are left out unless return_bots is set.
  return [...chat.members.values()]
    .filter((m) => m.status === 'creator' || m.status === 'administrator')
    .filter((m) => !m.user.is_bot || m.user.id === ctx.bot.id || ctx.params.return_bots === true)
    .map((m) => chatMemberObject(m.user, m.status, chat.type === 'channel'));
}

function leaveChat(ctx: MethodContext): boolean {
  const chat = resolveChat(ctx, ctx.params.chat_id);
  if (chat.type === 'private') throw BotApiError.badRequest("chat member status can't be changed in private chats");
  const me = ctx.bot.user();
  const change = chat.setMember(me, 'left');
  ctx.dispatcher.myChatMember(chat, ctx.bot, me, change.old, change.now);
  if (chat.type !== 'channel') {
    const message = { ...composeMessage(ctx.state, chat, me, {}), left_chat_member: me };
    ctx.state.postMessage(chat, message);
    ctx.dispatcher.message(chat, message);
  }
  ctx.state.events.push('chat.updated', { chatKey: chat.key, chat: chat.summary() });
  return true;
}

function answerCallbackQuery(ctx: MethodContext): boolean {
  const { params, state } = ctx;
  const query = state.callbackQueries.get(String(params.callback_query_id));
  const expired = !query || query.answered || state.clock.now() - query.createdAt > state.callbackQueryTtlMs;
  if (!query || expired || query.botId !== ctx.bot.id) {
    throw BotApiError.badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  const text = params.text as string | undefined;
  if (text !== undefined && text.length > 200) throw BotApiError.badRequest('MESSAGE_TOO_LONG');
  // Only t.me links that open this bot are allowed (games are not emulated).
  const url = params.url as string | undefined;
  const botLink = new RegExp(`^https?://t\\.me/${ctx.bot.username}(\\?start=[A-Za-z0-9_-]*)?$`, 'i');
  if (url !== undefined && !botLink.test(url)) throw BotApiError.badRequest('URL_INVALID');
  query.answered = true;
  state.events.push('callback.answered', {
    chatKey: query.chatKey,
    callbackQueryId: query.id,
    messageId: query.messageId,
    userId: query.userId,
    text,
    showAlert: params.show_alert === true,
    url,
  });
  return true;
}

function getFile(ctx: MethodContext): Record<string, unknown> {
  const file = ctx.state.files.get(String(ctx.params.file_id));
  if (!file) throw BotApiError.badRequest('invalid file_id');
  if (file.data.length > MAX_DOWNLOAD_BYTES) throw BotApiError.badRequest('file is too big');
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.data.length,
    file_path: file.filePath,
  };
}

export const CHAT_METHODS: MethodTable = {
  getChat: { params: ['chat_id'], handle: getChat },
  getChatMember: { params: ['chat_id', 'user_id'], handle: getChatMember },
  getChatAdministrators: { params: ['chat_id', 'return_bots'], handle: getChatAdministrators },
  leaveChat: { params: ['chat_id'], handle: leaveChat },
  answerCallbackQuery: {
    params: ['callback_query_id', 'text', 'show_alert', 'url', 'cache_time'],
    handle: answerCallbackQuery,
  },
  getFile: { params: ['file_id'], handle: getFile },
};
