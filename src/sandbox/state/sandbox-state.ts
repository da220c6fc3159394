import { randomBytes, randomInt } from 'node:crypto';
import { CallLog, Violation } from './call-log';
import { ChatRoom } from './chat-room';
import { EventLog } from './event-log';
import { FaultInjector } from './fault-injector';
import { FileStore } from './file-store';
import { RateLimiter, RateLimits, TELEGRAM_RATE_LIMITS } from './rate-limiter';
import { SandboxBot } from './sandbox-bot';
import { SandboxClock } from './sandbox-clock';
import { ApiMessage, BotUser, ChatType } from '../bot-api/bot-api.types';
import { DEFAULT_WEBHOOK_TIMING, WebhookTiming } from './webhook-delivery';

export interface SandboxOptions {
  /** Telegram's limits by default; a benchmark may raise botPerSecond to 300. */
  limits?: Partial<RateLimits>;
  webhook?: Partial<WebhookTiming>;
  /** How long a callback query can be answered. */
  callbackQueryTtlMs?: number;
  maxRecordedCalls?: number;
  maxEvents?: number;
}

export interface SandboxUser {
  user: BotUser;
  phoneNumber: string;
}

export interface PendingCallback {
  id: string;
  botId: number;
  chatKey: string;
  messageId: number;
  userId: number;
  createdAt: number;
  answered: boolean;
}

/** Runs a Bot API call that a bot's webhook returned as its answer. */
export type WebhookReplyHandler = (bot: SandboxBot, response: Response) => Promise<void>;

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

/** Everything the sandbox knows, in memory: one process, for development and tests. */
export class SandboxState {
  readonly clock = new SandboxClock();
  readonly events: EventLog;
  readonly files = new FileStore();
  readonly calls: CallLog;
  readonly violations: Violation[] = [];
  readonly rateLimiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly webhookTiming: WebhookTiming;
  readonly callbackQueryTtlMs: number;
  readonly bots = new Map<number, SandboxBot>();
  readonly users = new Map<number, SandboxUser>();
  readonly chats = new Map<string, ChatRoom>();
  readonly callbackQueries = new Map<string, PendingCallback>();
  /** Set by the Bot API layer: runs a method returned in a webhook's answer. */
  webhookReplyHandler: WebhookReplyHandler = async () => undefined;
  private nextUserId = 1_000_000_000 + randomInt(1_000_000_000);
  private nextGroupNumber = randomInt(100_000_000, 900_000_000);

  constructor(options: SandboxOptions = {}) {
    this.events = new EventLog(() => this.clock.now(), options.maxEvents);
    this.calls = new CallLog(options.maxRecordedCalls);
    this.rateLimiter = new RateLimiter(() => this.clock.now(), { ...TELEGRAM_RATE_LIMITS, ...options.limits });
    this.webhookTiming = { ...DEFAULT_WEBHOOK_TIMING, ...options.webhook };
    this.callbackQueryTtlMs = options.callbackQueryTtlMs ?? 15 * 60 * 1000;
  }

  createBot(input: {
    username: string;
    token?: string;
    firstName?: string;
    privacyMode?: boolean;
    firstUpdateId?: number;
  }): SandboxBot {
    // BotFather's rules: 5-32 characters, ending in "bot".
    if (!USERNAME.test(input.username) || !/bot$/i.test(input.username)) {
      throw new Error(`Invalid bot username "${input.username}": 5-32 letters, digits or _, ending in "bot"`);
    }
    this.assertUsernameFree(input.username);
    const token =
      input.token ?? `${randomInt(7_000_000_000, 8_000_000_000)}:AA${randomBytes(25).toString('base64url')}`;
    const match = /^(\d+):[A-Za-z0-9_-]+$/.exec(token);
    if (!match) throw new Error('A bot token looks like <bot id>:<secret>, e.g. 123456:ABC-DEF_ghi');
    const id = Number(match[1]);
    if (this.bots.has(id)) throw new Error(`A bot with id ${id} exists already`);
    const bot = new SandboxBot(
      id,
      token,
      input.username,
      input.firstName ?? defaultBotName(input.username),
      input.privacyMode ?? true,
      input.firstUpdateId ?? randomInt(100_000_000, 800_000_000),
    );
    this.bots.set(id, bot);
    this.events.push('bot.created', { bot: bot.summary() });
    return bot;
  }

  botByToken(token: string): SandboxBot | undefined {
    const id = Number(/^(\d+):/.exec(token)?.[1]);
    const bot = this.bots.get(id);
    return bot?.token === token ? bot : undefined;
  }

  createUser(input: {
    firstName: string;
    lastName?: string;
    username?: string;
    languageCode?: string;
    phoneNumber?: string;
    id?: number;
  }): SandboxUser {
    if (!input.firstName) throw new Error('firstName is required');
    if (input.username !== undefined) {
      if (!USERNAME.test(input.username)) throw new Error(`Invalid username "${input.username}"`);
      this.assertUsernameFree(input.username);
    }
    const id = input.id ?? (this.nextUserId += randomInt(1, 1000));
    if (this.users.has(id) || this.bots.has(id)) throw new Error(`A user with id ${id} exists already`);
    const user: BotUser = {
      id,
      is_bot: false,
      first_name: input.firstName,
      ...(input.lastName ? { last_name: input.lastName } : {}),
      ...(input.username ? { username: input.username } : {}),
      ...(input.languageCode ? { language_code: input.languageCode } : {}),
    };
    const record = { user, phoneNumber: input.phoneNumber ?? `+1555${String(id).slice(-7)}` };
    this.users.set(id, record);
    this.events.push('user.created', { user });
    return record;
  }

  requireUser(id: number): SandboxUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`No user ${id}`);
    return user;
  }

  requireBot(id: number): SandboxBot {
    const bot = this.bots.get(id);
    if (!bot) throw new Error(`No bot ${id}`);
    return bot;
  }

  requireChat(key: string): ChatRoom {
    const chat = this.chats.get(key);
    if (!chat) throw new Error(`No chat ${key}`);
    return chat;
  }

  /** The private chat of a user with a bot (its id is the user's id), made on first use. */
  privateChat(bot: SandboxBot, user: SandboxUser): ChatRoom {
    const key = `private:${bot.id}:${user.user.id}`;
    let chat = this.chats.get(key);
    if (!chat) {
      chat = new ChatRoom(key, user.user.id, 'private', {
        user: user.user,
        botId: bot.id,
        createdAt: this.clock.unixTime(),
      });
      chat.setMember(user.user, 'member');
      chat.setMember(bot.user(), 'member');
      this.chats.set(key, chat);
      this.events.push('chat.updated', { chatKey: key, chat: chat.summary() });
    }
    return chat;
  }

  /** A basic group has a negative id; supergroups and channels have ids that start with -100. */
  createGroup(input: { type: Exclude<ChatType, 'private'>; title: string; username?: string; forum?: boolean }) {
    if (!input.title) throw new Error('title is required');
    if (input.username !== undefined) this.assertUsernameFree(input.username);
    this.nextGroupNumber += randomInt(1, 1000);
    const id =
      input.type === 'group' ? -(4_000_000_000 + this.nextGroupNumber) : -(1_002_000_000_000 + this.nextGroupNumber);
    const chat = new ChatRoom(String(id), id, input.type, {
      title: input.title,
      username: input.username,
      isForum: input.type === 'supergroup' && input.forum === true,
      createdAt: this.clock.unixTime(),
    });
    this.chats.set(chat.key, chat);
    return chat;
  }

  /** Resolves a Bot API chat_id as the bot sees it: its private chats, groups it was in, public @usernames. */
  chatForBot(bot: SandboxBot, chatId: number | string): ChatRoom | undefined {
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase();
      return [...this.chats.values()].find((c) => c.details.username?.toLowerCase() === name && c.type !== 'private');
    }
    const id = Number(chatId);
    if (!Number.isSafeInteger(id)) return undefined;
    if (id > 0) return this.chats.get(`private:${bot.id}:${id}`);
    const chat = this.chats.get(String(id));
    return chat && chat.members.has(bot.id) ? chat : undefined;
  }

  /** Appends a message to a chat and tells the page. */
  postMessage(chat: ChatRoom, message: ApiMessage, botId?: number): ApiMessage {
    chat.add(message, botId);
    this.events.push('message.new', { chatKey: chat.key, message, botId });
    return message;
  }

  recordViolation(violation: Violation): void {
    this.violations.push(violation);
    this.events.push('violation', { violation });
  }

  /** Stops webhook deliveries and ends waiting getUpdates calls. */
  close(): void {
    for (const bot of this.bots.values()) {
      bot.delivery?.stop();
      bot.updates.interruptPoll();
    }
  }

  private assertUsernameFree(username: string): void {
    const lower = username.toLowerCase();
    const taken =
      [...this.bots.values()].some((b) => b.username.toLowerCase() === lower) ||
      [...this.users.values()].some((u) => u.user.username?.toLowerCase() === lower) ||
      [...this.chats.values()].some((c) => c.details.username?.toLowerCase() === lower);
    if (taken) throw new Error(`The username @${username} is taken`);
  }
}

/** `acme_crm_bot` → `Acme Crm`, as a name for a bot created without one. */
function defaultBotName(username: string): string {
  const words = username
    .replace(/_?bot$/i, '')
    .split('_')
    .filter(Boolean);
  return words.map((word) => word[0].toUpperCase() + word.slice(1)).join(' ') || username;
}
