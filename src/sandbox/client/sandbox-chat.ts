import type { SandboxEvent } from '../state/event-log';
import type { ApiMessage, ChatType } from '../bot-api/bot-api.types';
import { ButtonPress, CallbackAnswer, MessageRef, SandboxBotHandle, messageIdOf } from './sandbox-handles';
import { SandboxHttp, WaitOptions } from './sandbox-http';

export interface ChatSummary {
  key: string;
  id: number;
  type: ChatType;
  title?: string;
  userId?: number;
  botId?: number;
  seq: number;
}

export interface FileInput {
  data?: Buffer;
  fileName?: string;
  mimeType?: string;
  caption?: string;
  threadId?: number;
}

/** A user (handle or id). */
type Person = { id: number } | number;

/**
 * A chat as a test sees it: people act in it, and `next…` helpers wait for what the bot does.
 * Each helper keeps its own cursor, so two bot messages are two `nextBotMessage()` calls, in order.
 */
export class SandboxChat {
  readonly key: string;
  readonly id: number;
  readonly type: ChatType;
  private readonly cursors: Record<'botMessage' | 'edit' | 'deletion' | 'action', number>;
  /** In a private chat, the user; elsewhere each action names who acts. */
  private readonly defaultUserId?: number;

  constructor(
    private readonly http: SandboxHttp,
    summary: ChatSummary,
  ) {
    this.key = summary.key;
    this.id = summary.id;
    this.type = summary.type;
    this.defaultUserId = summary.userId;
    this.cursors = { botMessage: summary.seq, edit: summary.seq, deletion: summary.seq, action: summary.seq };
  }

  sendText(user: Person, text: string, options: { replyTo?: MessageRef; threadId?: number } = {}): Promise<ApiMessage> {
    return this.post('/messages', {
      userId: idOf(user),
      text,
      replyToMessageId: options.replyTo === undefined ? undefined : messageIdOf(options.replyTo),
      threadId: options.threadId,
    });
  }

  /** `/command args`; naming the bot writes `/command@bot_username` as in groups. */
  sendCommand(
    user: Person,
    command: string,
    options: { args?: string; bot?: SandboxBotHandle; threadId?: number } = {},
  ) {
    const name = command.replace(/^\//, '') + (options.bot ? `@${options.bot.username}` : '');
    return this.sendText(user, `/${name}${options.args ? ` ${options.args}` : ''}`, { threadId: options.threadId });
  }

  reply(user: Person, message: MessageRef, text: string): Promise<ApiMessage> {
    return this.sendText(user, text, { replyTo: message });
  }

  editText(user: Person, message: MessageRef, text: string): Promise<ApiMessage> {
    return this.http
      .request<{ message: ApiMessage }>('PATCH', `${this.path}/messages/${messageIdOf(message)}`, {
        userId: idOf(user),
        text,
      })
      .then((r) => r.message);
  }

  /** A photo (a small PNG when no data is given). */
  sendPhoto(user: Person, file: FileInput = {}): Promise<ApiMessage> {
    return this.post('/photos', this.fileBody(user, file));
  }

  sendDocument(user: Person, file: FileInput & { data: Buffer; fileName: string }): Promise<ApiMessage> {
    return this.post('/documents', this.fileBody(user, file));
  }

  shareContact(user: Person, options: { phoneNumber?: string } = {}): Promise<ApiMessage> {
    return this.post('/contact', { userId: idOf(user), phoneNumber: options.phoneNumber });
  }

  /** Presses an inline button; `answer()` then waits for the bot's answerCallbackQuery. */
  async pressButton(message: MessageRef, callbackData: string, user?: Person): Promise<ButtonPress> {
    const pressed = await this.http.request<{ callbackQueryId: string; seq: number }>(
      'POST',
      `${this.path}/callbacks`,
      {
        userId: this.actor(user),
        messageId: messageIdOf(message),
        data: callbackData,
      },
    );
    return {
      callbackQueryId: pressed.callbackQueryId,
      answer: async (options: WaitOptions = {}) => {
        const event = await this.http.waitForEvent(
          (e) => e.type === 'callback.answered' && e.callbackQueryId === pressed.callbackQueryId,
          {
            ...options,
            after: pressed.seq - 1,
            description: `the answer to callback query ${pressed.callbackQueryId}`,
          },
        );
        return event as unknown as CallbackAnswer;
      },
    };
  }

  addBot(bot: SandboxBotHandle, options: { by?: Person } = {}): Promise<void> {
    return this.act('POST', '/bots', { botId: bot.id, byUserId: options.by && idOf(options.by) });
  }

  removeBot(bot: SandboxBotHandle, options: { by?: Person } = {}): Promise<void> {
    return this.act('DELETE', `/bots/${bot.id}${byQuery(options.by)}`);
  }

  addMember(user: Person, options: { by?: Person } = {}): Promise<void> {
    return this.act('POST', '/members', { userId: idOf(user), byUserId: options.by && idOf(options.by) });
  }

  removeMember(user: Person, options: { by?: Person } = {}): Promise<void> {
    return this.act('DELETE', `/members/${idOf(user)}${byQuery(options.by)}`);
  }

  makeAdmin(member: Person | SandboxBotHandle): Promise<void> {
    return this.act('POST', '/admins', { memberId: typeof member === 'number' ? member : member.id });
  }

  /** The user blocks the bot (private chats); writing again unblocks it. */
  blockBot(): Promise<void> {
    return this.act('POST', '/block');
  }

  unblockBot(): Promise<void> {
    return this.act('POST', '/unblock');
  }

  async createTopic(user: Person, name: string): Promise<number> {
    const created = await this.http.request<{ threadId: number }>('POST', `${this.path}/topics`, {
      userId: idOf(user),
      name,
    });
    return created.threadId;
  }

  /** What the chat shows now: edits applied, deleted messages gone. */
  messages(): Promise<ApiMessage[]> {
    return this.http.request('GET', `${this.path}/messages`);
  }

  /** The command menu `user` sees here, per bot. */
  commands(user: Person): Promise<Array<{ botId: number; username: string; commands: unknown[] }>> {
    return this.http.request('GET', `${this.path}/commands?userId=${idOf(user)}`);
  }

  /** The next message a bot posts here (as it was sent). */
  async nextBotMessage(options: WaitOptions = {}): Promise<ApiMessage> {
    const event = await this.next(
      'botMessage',
      'a bot message',
      options,
      (e) => e.type === 'message.new' && e.botId !== undefined,
    );
    return event.message as ApiMessage;
  }

  /** The next edit of a message here (of `message` when given), as the message now is. */
  async nextEdit(options: WaitOptions & { message?: MessageRef } = {}): Promise<ApiMessage> {
    const id = options.message === undefined ? undefined : messageIdOf(options.message);
    const event = await this.next('edit', `an edit${id ? ` of message ${id}` : ''}`, options, (e) => {
      return e.type === 'message.edited' && (id === undefined || (e.message as ApiMessage).message_id === id);
    });
    return event.message as ApiMessage;
  }

  /** The id of the next message deleted here. */
  async nextDeletion(options: WaitOptions = {}): Promise<number> {
    const event = await this.next('deletion', 'a deletion', options, (e) => e.type === 'message.deleted');
    return event.messageId as number;
  }

  /** The next chat action (`typing`…) a bot shows here. */
  async nextChatAction(options: WaitOptions = {}): Promise<string> {
    const event = await this.next('action', 'a chat action', options, (e) => e.type === 'chat.action');
    return event.action as string;
  }

  /** Waits until a message here satisfies `predicate` (checking what is there first). */
  async waitForMessage(predicate: (message: ApiMessage) => boolean, options: WaitOptions = {}): Promise<ApiMessage> {
    const after = await this.http.lastSeq();
    const present = (await this.messages()).find(predicate);
    if (present) return present;
    const event = await this.http.waitForEvent(
      (e) =>
        e.chatKey === this.key &&
        (e.type === 'message.new' || e.type === 'message.edited') &&
        predicate(e.message as ApiMessage),
      { ...options, after, description: `a matching message in chat ${this.key}` },
    );
    return event.message as ApiMessage;
  }

  private get path(): string {
    return `/chats/${encodeURIComponent(this.key)}`;
  }

  private async next(
    cursor: keyof SandboxChat['cursors'],
    what: string,
    options: WaitOptions,
    match: (event: SandboxEvent) => boolean,
  ): Promise<SandboxEvent> {
    const event = await this.http.waitForEvent((e) => e.chatKey === this.key && match(e), {
      ...options,
      after: this.cursors[cursor],
      description: `${what} in chat ${this.key}`,
    });
    this.cursors[cursor] = event.seq;
    return event;
  }

  private async post(path: string, body: Record<string, unknown>): Promise<ApiMessage> {
    return (await this.http.request<{ message: ApiMessage }>('POST', `${this.path}${path}`, body)).message;
  }

  private async act(method: string, path: string, body?: Record<string, unknown>): Promise<void> {
    await this.http.request(method, `${this.path}${path}`, body ?? {});
  }

  private actor(user: Person | undefined): number {
    const id = user === undefined ? this.defaultUserId : idOf(user);
    if (id === undefined) throw new Error(`Say who acts in chat ${this.key} (it is not a private chat)`);
    return id;
  }

  private fileBody(user: Person, file: FileInput): Record<string, unknown> {
    return {
      userId: idOf(user),
      base64: file.data?.toString('base64'),
      fileName: file.fileName,
      mimeType: file.mimeType,
      caption: file.caption,
      threadId: file.threadId,
    };
  }
}

function idOf(person: Person): number {
  return typeof person === 'number' ? person : person.id;
}

function byQuery(by: Person | undefined): string {
  return by === undefined ? '' : `?byUserId=${idOf(by)}`;
}
