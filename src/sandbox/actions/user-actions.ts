import { randomInt } from 'node:crypto';
import { ChatRoom } from '../state/chat-room';
import { UploadedFile } from '../state/file-store';
import { SandboxState, SandboxUser } from '../state/sandbox-state';
import { ApiMessage, BotUser } from '../bot-api/bot-api.types';
import { normalizeFormattedText } from '../text/formatted-text';
import { composeMessage } from './message-composer';
import { UpdateDispatcher } from './update-dispatcher';

export interface UserPostOptions {
  replyToMessageId?: number;
  threadId?: number;
}

/** What a person does in a chat; each action becomes messages and the updates Telegram would send. */
export class UserActions {
  constructor(
    private readonly state: SandboxState,
    private readonly dispatcher: UpdateDispatcher,
  ) {}

  sendText(chatKey: string, userId: number, text: string, options: UserPostOptions = {}): ApiMessage {
    const formatted = normalizeFormattedText({ text, entities: [] });
    if (!formatted.text) throw new Error('A message needs some text');
    if (formatted.text.length > 4096) throw new Error('A message is at most 4096 characters');
    return this.post(chatKey, userId, options, (message, chat) => {
      message.text = formatted.text;
      if (formatted.entities.length > 0) message.entities = formatted.entities;
      this.useReplyKeyboard(chat, formatted.text);
    });
  }

  sendPhoto(chatKey: string, userId: number, upload: UploadedFile, caption?: string, options: UserPostOptions = {}) {
    const photo = this.state.files.savePhoto(upload);
    if (!photo) throw new Error('The photo must be a PNG, JPEG, GIF or WebP image');
    return this.post(chatKey, userId, options, (message) => {
      message.photo = photo;
      this.setCaption(message, caption);
    });
  }

  sendDocument(chatKey: string, userId: number, upload: UploadedFile, caption?: string, options: UserPostOptions = {}) {
    const document = this.state.files.saveDocument(upload);
    return this.post(chatKey, userId, options, (message) => {
      message.document = document;
      this.setCaption(message, caption);
    });
  }

  /** The reply to a request_contact button (or a contact sent by hand): the user's own number. */
  shareContact(chatKey: string, userId: number, options: { phoneNumber?: string } = {}): ApiMessage {
    const { user, phoneNumber } = this.state.requireUser(userId);
    return this.post(chatKey, userId, {}, (message, chat) => {
      message.contact = {
        phone_number: options.phoneNumber ?? phoneNumber,
        first_name: user.first_name,
        ...(user.last_name ? { last_name: user.last_name } : {}),
        user_id: user.id,
      };
      if (chat.replyKeyboard?.one_time_keyboard) this.hideReplyKeyboard(chat);
    });
  }

  /** The user edits one of their messages: the bots get edited_message. */
  editText(chatKey: string, userId: number, messageId: number, text: string): ApiMessage {
    const chat = this.state.requireChat(chatKey);
    const stored = chat.find(messageId);
    if (!stored || stored.message.from?.id !== userId || stored.message.text === undefined) {
      throw new Error(`Message ${messageId} is not a text message of user ${userId}`);
    }
    const formatted = normalizeFormattedText({ text, entities: [] });
    if (!formatted.text) throw new Error('A message needs some text');
    const edited: ApiMessage = { ...stored.message, text: formatted.text, edit_date: this.state.clock.unixTime() };
    if (formatted.entities.length > 0) edited.entities = formatted.entities;
    else delete edited.entities;
    stored.message = edited;
    this.state.events.push('message.edited', { chatKey, message: edited });
    this.dispatcher.message(chat, edited, 'edited_message');
    return edited;
  }

  /** Presses an inline button: the bot that sent the message gets a callback_query. */
  pressButton(chatKey: string, userId: number, messageId: number, data: string): { callbackQueryId: string } {
    const chat = this.state.requireChat(chatKey);
    const { user } = this.requireParticipant(chat, userId);
    const stored = chat.find(messageId);
    if (!stored || stored.botId === undefined) throw new Error(`Message ${messageId} is not a bot's message`);
    const buttons = stored.message.reply_markup?.inline_keyboard.flat() ?? [];
    if (!buttons.some((button) => button.callback_data === data)) {
      throw new Error(`Message ${messageId} has no button with callback_data "${data}"`);
    }
    const bot = this.state.requireBot(stored.botId);
    if (chat.statusOf(bot.id) === 'kicked' || !chat.isPresent(bot.id)) throw new Error('The bot is not in this chat');
    const id = `${randomInt(1, 2 ** 47)}${randomInt(100000, 999999)}`;
    this.state.callbackQueries.set(id, {
      id,
      botId: bot.id,
      chatKey,
      messageId,
      userId,
      createdAt: this.state.clock.now(),
      answered: false,
    });
    bot.updates.push(
      'callback_query',
      { id, from: user, message: stored.message, chat_instance: chat.chatInstance, data },
      { chatId: chat.id },
    );
    return { callbackQueryId: id };
  }

  blockBot(chatKey: string): void {
    this.setBlocked(this.state.requireChat(chatKey), true);
  }

  unblockBot(chatKey: string): void {
    this.setBlocked(this.state.requireChat(chatKey), false);
  }

  private post(
    chatKey: string,
    userId: number,
    options: UserPostOptions,
    fill: (message: ApiMessage, chat: ChatRoom) => void,
  ): ApiMessage {
    const chat = this.state.requireChat(chatKey);
    const { user } = this.requireParticipant(chat, userId);
    if (chat.type === 'channel' && !['creator', 'administrator'].includes(chat.statusOf(userId))) {
      throw new Error('Only the administrators of a channel post in it');
    }
    if (chat.type === 'private') {
      // Writing to a bot one has blocked unblocks it (the app's "Restart" button).
      if (chat.statusOf(chat.details.botId as number) === 'kicked') this.setBlocked(chat, false);
      chat.started = true;
    }
    if (options.threadId !== undefined && !chat.topics.has(options.threadId)) {
      throw new Error(`Chat ${chatKey} has no topic ${options.threadId}`);
    }
    let replyTo: ApiMessage | undefined;
    if (options.replyToMessageId !== undefined) {
      replyTo = chat.find(options.replyToMessageId)?.message;
      if (!replyTo) throw new Error(`Chat ${chatKey} has no message ${options.replyToMessageId}`);
    }
    const message = composeMessage(this.state, chat, user, { threadId: options.threadId, replyTo });
    fill(message, chat);
    this.state.postMessage(chat, message);
    this.dispatcher.message(chat, message);
    return message;
  }

  private setCaption(message: ApiMessage, caption: string | undefined): void {
    if (!caption) return;
    const formatted = normalizeFormattedText({ text: caption, entities: [] });
    if (formatted.text.length > 1024) throw new Error('A caption is at most 1024 characters');
    message.caption = formatted.text;
    if (formatted.entities.length > 0) message.caption_entities = formatted.entities;
  }

  private requireParticipant(chat: ChatRoom, userId: number): SandboxUser {
    const record = this.state.requireUser(userId);
    const allowed = chat.type === 'private' ? chat.details.user?.id === userId : chat.isPresent(userId);
    if (!allowed) throw new Error(`User ${userId} is not in chat ${chat.key}`);
    return record;
  }

  private useReplyKeyboard(chat: ChatRoom, text: string): void {
    const keyboard = chat.replyKeyboard;
    if (keyboard?.one_time_keyboard && keyboard.keyboard.flat().some((button) => button.text === text)) {
      this.hideReplyKeyboard(chat);
    }
  }

  private hideReplyKeyboard(chat: ChatRoom): void {
    chat.replyKeyboard = undefined;
    this.state.events.push('chat.updated', { chatKey: chat.key, chat: chat.summary() });
  }

  private setBlocked(chat: ChatRoom, blocked: boolean): void {
    if (chat.type !== 'private') throw new Error('Only a private chat with a bot can be blocked');
    const bot = this.state.requireBot(chat.details.botId as number);
    const change = chat.setMember(bot.user(), blocked ? 'kicked' : 'member');
    if (change.old === change.now) return;
    this.dispatcher.myChatMember(chat, bot, chat.details.user as BotUser, change.old, change.now);
    this.state.events.push('chat.updated', { chatKey: chat.key, chat: chat.summary() });
  }
}
