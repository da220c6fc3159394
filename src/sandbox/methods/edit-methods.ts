import { isDeepStrictEqual } from 'node:util';
import { BotApiError } from '../bot-api/bot-api-error';
import { StoredMessage } from '../state/chat-room';
import { ApiMessage, InlineKeyboardMarkup } from '../bot-api/bot-api.types';
import { resolveChat, takeRateLimit } from './chat-access';
import { MethodContext, MethodTable } from './method-context';
import { checkInlineKeyboard } from './reply-markup';
import { formatInput } from './text-input';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

// Inline messages (inline mode) are not emulated, so edits always name a chat and a message.
function findEditable(ctx: MethodContext): { stored: StoredMessage; chatKey: string; chatId: number } {
  const { params } = ctx;
  if (params.chat_id === undefined) throw BotApiError.badRequest('chat_id is empty');
  if (params.message_id === undefined) throw BotApiError.badRequest('message identifier is not specified');
  const chat = resolveChat(ctx, params.chat_id);
  const stored = chat.find(params.message_id as number);
  if (!stored) throw BotApiError.badRequest('message to edit not found');
  if (stored.botId !== ctx.bot.id) throw BotApiError.badRequest("message can't be edited");
  return { stored, chatKey: chat.key, chatId: chat.id };
}

function markupOf(ctx: MethodContext): InlineKeyboardMarkup | undefined {
  const input = ctx.params.reply_markup as InlineKeyboardMarkup | undefined;
  const markup = input ? checkInlineKeyboard(input) : undefined;
  // An empty inline keyboard is no keyboard.
  return markup && markup.inline_keyboard.some((row) => row.length > 0) ? markup : undefined;
}

function applyEdit(ctx: MethodContext, method: string, target: ReturnType<typeof findEditable>, next: ApiMessage) {
  const { stored, chatKey } = target;
  const chat = ctx.state.requireChat(chatKey);
  takeRateLimit(ctx, chat, method);
  next.edit_date = ctx.state.clock.unixTime();
  stored.message = next;
  ctx.state.events.push('message.edited', { chatKey, message: next });
  return next;
}

function withMarkup(message: ApiMessage, markup: InlineKeyboardMarkup | undefined): ApiMessage {
  const next = { ...message };
  if (markup) next.reply_markup = markup;
  else delete next.reply_markup;
  return next;
}

function editMessageText(ctx: MethodContext): ApiMessage {
  const { params } = ctx;
  const target = findEditable(ctx);
  const current = target.stored.message;
  if (current.text === undefined) throw BotApiError.badRequest('there is no text in the message to edit');
  if (params.text === undefined) throw BotApiError.badRequest('message text is empty');
  const formatted = formatInput(ctx, 'text', String(params.text), params.parse_mode, params.entities);
  const markup = markupOf(ctx);
  const next = withMarkup({ ...current, text: formatted.text }, markup);
  if (formatted.entities.length > 0) next.entities = formatted.entities;
  else delete next.entities;
  const preview = params.link_preview_options as Record<string, unknown> | undefined;
  if (preview && Object.keys(preview).length > 0) next.link_preview_options = preview;
  if (sameContent(current, next)) throw BotApiError.badRequest(NOT_MODIFIED);
  return applyEdit(ctx, 'editMessageText', target, next);
}

function editMessageReplyMarkup(ctx: MethodContext): ApiMessage {
  const target = findEditable(ctx);
  const current = target.stored.message;
  const next = withMarkup(current, markupOf(ctx));
  if (isDeepStrictEqual(current.reply_markup, next.reply_markup)) throw BotApiError.badRequest(NOT_MODIFIED);
  return applyEdit(ctx, 'editMessageReplyMarkup', target, next);
}

// A bot deletes its own messages, anything in a private chat, and others' messages where it is an admin.
function deleteMessage(ctx: MethodContext): boolean {
  const { params } = ctx;
  const chat = resolveChat(ctx, params.chat_id);
  const stored = chat.find(params.message_id as number);
  if (!stored) throw BotApiError.badRequest('message to delete not found');
  const mayDelete =
    stored.botId === ctx.bot.id || chat.type === 'private' || chat.statusOf(ctx.bot.id) === 'administrator';
  if (!mayDelete) throw BotApiError.badRequest("message can't be deleted");
  stored.deleted = true;
  ctx.state.events.push('message.deleted', { chatKey: chat.key, messageId: stored.message.message_id });
  return true;
}

function sameContent(a: ApiMessage, b: ApiMessage): boolean {
  return (
    a.text === b.text &&
    isDeepStrictEqual(a.entities ?? [], b.entities ?? []) &&
    isDeepStrictEqual(a.reply_markup, b.reply_markup)
  );
}

export const EDIT_METHODS: MethodTable = {
  editMessageText: {
    params: ['chat_id', 'message_id', 'text', 'parse_mode', 'entities', 'link_preview_options', 'reply_markup'],
    handle: editMessageText,
  },
  editMessageReplyMarkup: { params: ['chat_id', 'message_id', 'reply_markup'], handle: editMessageReplyMarkup },
  deleteMessage: { params: ['chat_id', 'message_id'], handle: deleteMessage },
};
