import { ChatRoom } from '../state/chat-room';
import { SandboxState } from '../state/sandbox-state';
import { ApiMessage, BotUser, ChatType, MemberStatus } from '../bot-api/bot-api.types';
import { composeMessage } from './message-composer';
import { UpdateDispatcher } from './update-dispatcher';

export interface CreateGroupInput {
  type: Exclude<ChatType, 'private'>;
  title: string;
  creatorId: number;
  memberIds?: number[];
  forum?: boolean;
  username?: string;
}

/** Groups, supergroups, channels and forum topics, and who is in them. */
export class MemberActions {
  constructor(
    private readonly state: SandboxState,
    private readonly dispatcher: UpdateDispatcher,
  ) {}

  createGroup(input: CreateGroupInput): ChatRoom {
    const creator = this.state.requireUser(input.creatorId).user;
    if (input.forum && input.type !== 'supergroup') throw new Error('Only a supergroup can have forum topics');
    const chat = this.state.createGroup(input);
    chat.setMember(creator, 'creator');
    for (const id of input.memberIds ?? []) chat.setMember(this.state.requireUser(id).user, 'member');
    if (chat.type !== 'channel') {
      const created = composeMessage(this.state, chat, creator, {});
      if (chat.type === 'group') created.group_chat_created = true;
      else created.supergroup_chat_created = true;
      this.state.postMessage(chat, created);
    }
    this.changed(chat);
    return chat;
  }

  /** A member (by default the creator) adds the bot; a channel takes bots as administrators only. */
  addBot(chatKey: string, botId: number, byUserId?: number): void {
    const chat = this.groupChat(chatKey);
    const bot = this.state.requireBot(botId);
    const by = this.actor(chat, byUserId);
    const change = chat.setMember(bot.user(), chat.type === 'channel' ? 'administrator' : 'member');
    if (change.old === change.now) return;
    this.dispatcher.myChatMember(chat, bot, by, change.old, change.now);
    if (chat.type !== 'channel') this.serviceMessage(chat, by, { new_chat_members: [bot.user()] });
    this.changed(chat);
  }

  /** Removed from a basic group the bot has left; from a supergroup or channel it is banned (kicked). */
  removeBot(chatKey: string, botId: number, byUserId?: number): void {
    const chat = this.groupChat(chatKey);
    const bot = this.state.requireBot(botId);
    const by = this.actor(chat, byUserId);
    if (!chat.isPresent(bot.id)) throw new Error(`Bot ${botId} is not in chat ${chatKey}`);
    const change = chat.setMember(bot.user(), chat.type === 'group' ? 'left' : 'kicked');
    this.dispatcher.myChatMember(chat, bot, by, change.old, change.now);
    if (chat.type !== 'channel') this.serviceMessage(chat, by, { left_chat_member: bot.user() });
    this.changed(chat);
  }

  addUser(chatKey: string, userId: number, byUserId?: number): void {
    const chat = this.groupChat(chatKey);
    const user = this.state.requireUser(userId).user;
    const by = byUserId === undefined ? user : this.actor(chat, byUserId);
    const change = chat.setMember(user, 'member');
    if (change.old === change.now) return;
    this.dispatcher.chatMember(chat, by, user, change.old, change.now);
    if (chat.type !== 'channel') this.serviceMessage(chat, by, { new_chat_members: [user] });
    this.changed(chat);
  }

  removeUser(chatKey: string, userId: number, byUserId?: number): void {
    const chat = this.groupChat(chatKey);
    const user = this.state.requireUser(userId).user;
    const by = byUserId === undefined ? user : this.actor(chat, byUserId);
    if (!chat.isPresent(userId)) throw new Error(`User ${userId} is not in chat ${chatKey}`);
    const change = chat.setMember(user, 'left');
    this.dispatcher.chatMember(chat, by, user, change.old, change.now);
    if (chat.type !== 'channel') this.serviceMessage(chat, by, { left_chat_member: user });
    this.changed(chat);
  }

  /** Promotes a user or a bot to administrator (the creator does it). */
  makeAdmin(chatKey: string, memberId: number): void {
    const chat = this.groupChat(chatKey);
    const member = chat.members.get(memberId);
    if (!member || !chat.isPresent(memberId)) throw new Error(`${memberId} is not in chat ${chatKey}`);
    if (member.status === 'creator' || member.status === 'administrator') return;
    const by = this.actor(chat, undefined);
    const change = chat.setMember(member.user, 'administrator');
    const bot = this.state.bots.get(memberId);
    if (bot) this.dispatcher.myChatMember(chat, bot, by, change.old, change.now);
    else this.dispatcher.chatMember(chat, by, member.user, change.old, change.now);
    this.changed(chat);
  }

  /** A forum topic: its id (message_thread_id) is the id of its creation message. */
  createTopic(chatKey: string, userId: number, name: string): { threadId: number } {
    const chat = this.groupChat(chatKey);
    if (!chat.details.isForum) throw new Error(`Chat ${chatKey} is not a forum`);
    const user = this.state.requireUser(userId).user;
    if (!chat.isPresent(userId)) throw new Error(`User ${userId} is not in chat ${chatKey}`);
    if (!name || name.length > 128) throw new Error('A topic name has 1-128 characters');
    const message = composeMessage(this.state, chat, user, {});
    message.message_thread_id = message.message_id;
    message.is_topic_message = true;
    message.forum_topic_created = { name, icon_color: 7322096 };
    chat.topics.set(message.message_id, { threadId: message.message_id, name, iconColor: 7322096 });
    this.state.postMessage(chat, message);
    this.dispatcher.message(chat, message);
    this.changed(chat);
    return { threadId: message.message_id };
  }

  private serviceMessage(chat: ChatRoom, from: BotUser, fields: Partial<ApiMessage>): void {
    const message = { ...composeMessage(this.state, chat, from, {}), ...fields };
    this.state.postMessage(chat, message);
    this.dispatcher.message(chat, message);
  }

  private groupChat(chatKey: string): ChatRoom {
    const chat = this.state.requireChat(chatKey);
    if (chat.type === 'private') throw new Error('A private chat has no members to change');
    return chat;
  }

  /** Who does it: the given member, or the chat's creator. */
  private actor(chat: ChatRoom, userId: number | undefined): BotUser {
    if (userId !== undefined) {
      if (!chat.isPresent(userId)) throw new Error(`User ${userId} is not in chat ${chat.key}`);
      return this.state.requireUser(userId).user;
    }
    const creator = [...chat.members.values()].find((m) => m.status === ('creator' satisfies MemberStatus));
    if (!creator) throw new Error(`Chat ${chat.key} has no creator`);
    return creator.user;
  }

  private changed(chat: ChatRoom): void {
    this.state.events.push('chat.updated', { chatKey: chat.key, chat: chat.summary() });
  }
}
