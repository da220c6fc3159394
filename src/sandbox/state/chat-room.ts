import { randomInt } from 'node:crypto';
import { ApiChat, ApiMessage, BotUser, ChatType, MemberStatus, ReplyKeyboardMarkup } from '../bot-api/bot-api.types';

export interface ChatMember {
  user: BotUser;
  status: MemberStatus;
}

export interface StoredMessage {
  message: ApiMessage;
  /** The bot that sent it; undefined for users' and service messages. */
  botId?: number;
  deleted: boolean;
}

export interface ForumTopic {
  threadId: number;
  name: string;
  iconColor: number;
}

/**
 * One chat as the sandbox keeps it: members, messages (edits applied, deletions marked) and topics.
 * A private chat is between one user and one bot, so each (bot, user) pair has its own room.
 */
export class ChatRoom {
  readonly members = new Map<number, ChatMember>();
  readonly messages = new Map<number, StoredMessage>();
  readonly topics = new Map<number, ForumTopic>();
  /** The reply keyboard the chat shows, until a bot removes it. */
  replyKeyboard?: ReplyKeyboardMarkup;
  /** The bot that last sent here: with privacy mode it also gets `/command` without @username. */
  lastBotSenderId?: number;
  /** Private chats: the user wrote to the bot (bots cannot start a conversation). */
  started = false;
  readonly chatInstance = String(randomInt(2 ** 47)) + String(randomInt(10000));
  private lastMessageId = 0;

  constructor(
    readonly key: string,
    readonly id: number,
    readonly type: ChatType,
    readonly details: {
      title?: string;
      username?: string;
      isForum?: boolean;
      /** For private chats: the user and the bot. */
      user?: BotUser;
      botId?: number;
      createdAt: number;
    },
  ) {}

  get isGroup(): boolean {
    return this.type === 'group' || this.type === 'supergroup';
  }

  apiChat(): ApiChat {
    if (this.type === 'private') {
      const user = this.details.user as BotUser;
      return {
        id: this.id,
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        ...(user.username ? { username: user.username } : {}),
        type: 'private',
      };
    }
    return {
      id: this.id,
      title: this.details.title,
      ...(this.details.username ? { username: this.details.username } : {}),
      type: this.type,
      ...(this.details.isForum ? { is_forum: true as const } : {}),
    };
  }

  statusOf(userId: number): MemberStatus {
    return this.members.get(userId)?.status ?? 'left';
  }

  isPresent(userId: number): boolean {
    const status = this.statusOf(userId);
    return status === 'creator' || status === 'administrator' || status === 'member';
  }

  setMember(user: BotUser, status: MemberStatus): { old: MemberStatus; now: MemberStatus } {
    const old = this.statusOf(user.id);
    this.members.set(user.id, { user, status });
    return { old, now: status };
  }

  nextMessageId(): number {
    this.lastMessageId += 1;
    return this.lastMessageId;
  }

  add(message: ApiMessage, botId?: number): StoredMessage {
    const stored = { message, botId, deleted: false };
    this.messages.set(message.message_id, stored);
    if (botId !== undefined) this.lastBotSenderId = botId;
    return stored;
  }

  find(messageId: number): StoredMessage | undefined {
    const stored = this.messages.get(messageId);
    return stored && !stored.deleted ? stored : undefined;
  }

  visibleMessages(): ApiMessage[] {
    return [...this.messages.values()].filter((m) => !m.deleted).map((m) => m.message);
  }

  summary(): Record<string, unknown> {
    return {
      key: this.key,
      id: this.id,
      type: this.type,
      title: this.type === 'private' ? this.details.user?.first_name : this.details.title,
      username: this.details.username,
      isForum: this.details.isForum === true,
      botId: this.details.botId,
      userId: this.type === 'private' ? this.details.user?.id : undefined,
      members: [...this.members.values()].map((m) => ({ id: m.user.id, isBot: m.user.is_bot, status: m.status })),
      topics: [...this.topics.values()],
      replyKeyboard: this.replyKeyboard,
    };
  }
}
