import { ChatRoom } from '../state/chat-room';
import { SandboxState } from '../state/sandbox-state';
import { ApiMessage, BotUser } from '../bot-api/bot-api.types';

export interface Placement {
  /** Forum topic (message_thread_id). */
  threadId?: number;
  replyTo?: ApiMessage;
}

/**
 * The common part of a new message: id, author, chat, date, topic and reply. In a forum topic
 * Telegram makes every message a reply to the topic's creation message unless it replies to another.
 */
export function composeMessage(state: SandboxState, chat: ChatRoom, from: BotUser, placement: Placement): ApiMessage {
  // Channel posts are signed by the channel: sender_chat, and no from.
  const author = chat.type === 'channel' ? { sender_chat: chat.apiChat() } : { from };
  const message: ApiMessage = {
    message_id: chat.nextMessageId(),
    ...author,
    chat: chat.apiChat(),
    date: state.clock.unixTime(),
  };
  if (placement.threadId !== undefined) {
    message.message_thread_id = placement.threadId;
    message.is_topic_message = true;
  }
  const replyTo =
    placement.replyTo ?? (placement.threadId !== undefined ? chat.find(placement.threadId)?.message : undefined);
  if (replyTo) message.reply_to_message = withoutReply(replyTo);
  return message;
}

/** A replied-to message is included one level deep only. */
export function withoutReply(message: ApiMessage): ApiMessage {
  const copy = { ...message };
  delete copy.reply_to_message;
  return copy;
}
