import type { RecordedCall, Violation } from '../state/call-log';
import type { SandboxEvent } from '../state/event-log';
import type { Fault, FaultSpec } from '../state/fault-injector';
import type { RateLimits } from '../state/rate-limiter';
import type { ApiMessage } from '../bot-api/bot-api.types';
import { ChatSummary, SandboxChat } from './sandbox-chat';
import { BotSummary, SandboxBotHandle, UserSummary } from './sandbox-handles';
import { SandboxUserHandle } from './sandbox-user';
import { SandboxHttp, WaitOptions } from './sandbox-http';

export interface SandboxClientOptions {
  /** Where the control API is mounted (the page's path + /api). */
  apiPath?: string;
  /** How long `next…`/`waitFor…` helpers wait by default. */
  defaultTimeoutMs?: number;
}

interface GroupInput {
  title: string;
  /** Who creates it; a user "Group Owner" is made when absent. */
  creator?: SandboxUserHandle;
  members?: SandboxUserHandle[];
  username?: string;
}

/**
 * A TypeScript client of the sandbox's control API, for tests: make bots, users and chats, act as
 * users, inject faults, read the calls bots made, and wait for what they do (no sleeps).
 */
export class SandboxClient {
  private readonly http: SandboxHttp;

  constructor(
    readonly baseUrl: string,
    options: SandboxClientOptions = {},
  ) {
    this.http = new SandboxHttp(
      baseUrl.replace(/\/$/, ''),
      options.apiPath ?? '/sandbox/api',
      options.defaultTimeoutMs ?? 5000,
    );
  }

  /** The Bot API root to give a client library (telegraf's `telegram.apiRoot`). */
  get apiRoot(): string {
    return this.http.baseUrl;
  }

  async createBot(input: {
    username: string;
    token?: string;
    firstName?: string;
    privacyMode?: boolean;
    firstUpdateId?: number;
  }): Promise<SandboxBotHandle> {
    return new SandboxBotHandle(await this.http.request<BotSummary>('POST', '/bots', input), this.apiRoot);
  }

  async createUser(input: {
    firstName: string;
    lastName?: string;
    username?: string;
    languageCode?: string;
    phoneNumber?: string;
    id?: number;
  }): Promise<SandboxUserHandle> {
    const user = await this.http.request<UserSummary>('POST', '/users', input);
    return new SandboxUserHandle(user, async (who, bot) => {
      const chat = await this.http.request<ChatSummary>('POST', '/chats/private', { userId: who.id, botId: bot.id });
      return new SandboxChat(this.http, chat);
    });
  }

  createGroup(input: GroupInput): Promise<SandboxChat> {
    return this.createChat('group', input);
  }

  createSupergroup(input: GroupInput & { forum?: boolean }): Promise<SandboxChat> {
    return this.createChat('supergroup', input, input.forum);
  }

  createChannel(input: GroupInput): Promise<SandboxChat> {
    return this.createChat('channel', input);
  }

  injectFault(spec: FaultSpec): Promise<Fault> {
    return this.http.request('POST', '/faults', spec);
  }

  /** Faults still waiting to hit a call. */
  faults(): Promise<Fault[]> {
    return this.http.request('GET', '/faults');
  }

  async clearFaults(): Promise<void> {
    await this.http.request('DELETE', '/faults', {});
  }

  /** Every Bot API call the bots made (optionally of one method, one bot, or after a call's seq). */
  calls(filter: { method?: string; botId?: number; after?: number; limit?: number } = {}): Promise<RecordedCall[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    return this.http.request('GET', `/calls?${query}`);
  }

  /** What a chat shows: by handle, by key, or by chat id (a private chat's id is ambiguous with two bots). */
  async messages(chat: SandboxChat | string | number): Promise<ApiMessage[]> {
    let key = typeof chat === 'object' ? chat.key : String(chat);
    if (typeof chat === 'number' && chat > 0) {
      const { chats } = await this.http.request<{ chats: Array<{ key: string; id: number; type: string }> }>(
        'GET',
        '/state',
      );
      const found = chats.filter((c) => c.type === 'private' && c.id === chat);
      if (found.length !== 1) throw new Error(`${found.length} private chats have id ${chat}: pass the chat handle`);
      key = found[0].key;
    }
    return this.http.request('GET', `/chats/${encodeURIComponent(key)}/messages`);
  }

  /** Sends to a chat while its retry_after was running. */
  violations(): Promise<Violation[]> {
    return this.http.request('GET', '/violations');
  }

  setLimits(limits: Partial<RateLimits>): Promise<RateLimits> {
    return this.http.request('PUT', '/limits', limits);
  }

  /** Moves the sandbox's clock (message dates, rate limit windows) forward. */
  async advanceClock(ms: number): Promise<void> {
    await this.http.request('POST', '/clock/advance', { ms });
  }

  /** Stops the sandbox's clock: everything happens at one instant until it is advanced or resumed. */
  async freezeClock(): Promise<void> {
    await this.http.request('POST', '/clock/freeze', {});
  }

  async resumeClock(): Promise<void> {
    await this.http.request('POST', '/clock/resume', {});
  }

  /** Queues a raw Update for the bot as it is (its update_id kept when it has one). */
  replayUpdate(bot: SandboxBotHandle, update: Record<string, unknown>): Promise<{ update_id: number }> {
    return this.http.request('POST', `/bots/${bot.id}/updates`, { update });
  }

  /** The current position in the event log, to wait for what happens after it (`after`). */
  mark(): Promise<number> {
    return this.http.lastSeq();
  }

  /**
   * The first Bot API call (of `method`, matching `predicate`) made after `after` (from `mark()`;
   * now when absent).
   */
  async waitForCall(
    options: WaitOptions & {
      method?: string;
      botId?: number;
      after?: number;
      predicate?: (call: RecordedCall) => boolean;
    } = {},
  ): Promise<RecordedCall> {
    const method = options.method?.toLowerCase();
    const deadline = Date.now() + (options.timeoutMs ?? this.http.defaultTimeoutMs);
    let after = options.after ?? (await this.http.lastSeq());
    for (;;) {
      const event = await this.http.waitForEvent(
        (e) =>
          e.type === 'call' &&
          (method === undefined || String(e.method).toLowerCase() === method) &&
          (options.botId === undefined || e.botId === options.botId),
        { after, timeoutMs: Math.max(1, deadline - Date.now()), description: `a ${options.method ?? 'Bot API'} call` },
      );
      after = event.seq;
      const [call] = await this.calls({ after: (event.callSeq as number) - 1, limit: 1 });
      if (call && (options.predicate === undefined || options.predicate(call))) return call;
    }
  }

  /** Any event of the log after `after` that `match` accepts. */
  waitForEvent(match: (event: SandboxEvent) => boolean, options: WaitOptions & { after?: number } = {}) {
    return this.http
      .lastSeq()
      .then((seq) =>
        this.http.waitForEvent(match, { ...options, after: options.after ?? seq, description: 'a matching event' }),
      );
  }

  private async createChat(type: string, input: GroupInput, forum?: boolean): Promise<SandboxChat> {
    const creator = input.creator ?? (await this.createUser({ firstName: 'Group', lastName: 'Owner' }));
    const chat = await this.http.request<ChatSummary>('POST', '/chats', {
      type,
      title: input.title,
      creatorId: creator.id,
      memberIds: input.members?.map((m) => m.id),
      username: input.username,
      forum,
    });
    return new SandboxChat(this.http, chat);
  }
}
