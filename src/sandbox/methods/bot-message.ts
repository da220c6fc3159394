import { composeMessage } from '../actions/message-composer';
import { BotApiError } from '../bot-api/bot-api-error';
import { ChatRoom } from '../state/chat-room';
import { ApiMessage, ReplyMarkup } from '../bot-api/bot-api.types';
import { resolveChatToWrite, takeRateLimit } from './chat-access';
import { MethodContext } from './method-context';
import { checkReplyMarkup, isInlineKeyboard } from './reply-markup';

interface ReplyParameters {
  message_id: number;
  chat_id?: number | string;
  allow_sending_without_reply?: boolean;
  quote?: string;
}

export interface PreparedSend {
  chat: ChatRoom;
  threadId?: number;
  replyTo?: ApiMessage;
  markup?: ReplyMarkup;
}

/** Everything a send checks before it counts against the limits: chat, topic, reply and keyboard. */
export function prepareSend(ctx: MethodContext): PreparedSend {
  const { params } = ctx;
  const chat = resolveChatToWrite(ctx, params.chat_id);
  let threadId = params.message_thread_id as number | undefined;
  if (threadId !== undefined && !chat.topics.has(threadId)) throw BotApiError.badRequest('message thread not found');
  let replyTo: ApiMessage | undefined;
  const reply = params.reply_parameters as ReplyParameters | undefined;
  if (reply) {
    if (reply.quote !== undefined) throw BotApiError.notEmulated('reply_parameters.quote');
    if (reply.chat_id !== undefined && String(reply.chat_id) !== String(chat.id)) {
      throw BotApiError.notEmulated('replies to a message of another chat');
    }
    replyTo = chat.find(reply.message_id)?.message;
    if (!replyTo && !reply.allow_sending_without_reply) throw BotApiError.badRequest('message to be replied not found');
    // A reply to a message in a forum topic goes to that topic.
    threadId ??= replyTo?.is_topic_message ? replyTo.message_thread_id : undefined;
  }
  const markup = params.reply_markup ? checkReplyMarkup(params.reply_markup as ReplyMarkup, chat) : undefined;
  return { chat, threadId, replyTo, markup };
}

/** Posts the bot's message once `fill` has added its content; the flood limits apply here. */
export function postBotMessage(
  ctx: MethodContext,
  method: string,
  prepared: PreparedSend,
  fill: (message: ApiMessage) => void,
): ApiMessage {
  const { chat, threadId, replyTo, markup } = prepared;
  takeRateLimit(ctx, chat, method);
  const message = composeMessage(ctx.state, chat, ctx.bot.user(), { threadId, replyTo });
  fill(message);
  if (ctx.params.protect_content === true) message.has_protected_content = true;
  if (isInlineKeyboard(markup)) message.reply_markup = markup;
  ctx.state.postMessage(chat, message, ctx.bot.id);
  if (markup && 'keyboard' in markup) setReplyKeyboard(ctx, chat, markup);
  if (markup && 'remove_keyboard' in markup) setReplyKeyboard(ctx, chat, undefined);
  return message;
}

function setReplyKeyboard(ctx: MethodContext, chat: ChatRoom, keyboard: ChatRoom['replyKeyboard']): void {
  chat.replyKeyboard = keyboard;
  ctx.state.events.push('chat.updated', { chatKey: chat.key, chat: chat.summary() });
}
