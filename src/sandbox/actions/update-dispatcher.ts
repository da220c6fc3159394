import { ChatRoom } from '../state/chat-room';
import { SandboxBot } from '../state/sandbox-bot';
import { SandboxState } from '../state/sandbox-state';
import { ApiMessage, BotUser, MemberStatus } from '../bot-api/bot-api.types';
import { chatMemberObject } from './chat-member-object';

const SERVICE_FIELDS = [
  'new_chat_members',
  'left_chat_member',
  'group_chat_created',
  'supergroup_chat_created',
  'forum_topic_created',
];

/** Decides which bots get an update and queues it for them. */
export class UpdateDispatcher {
  constructor(private readonly state: SandboxState) {}

  /** A user's or a service message (or its edit) to the bots of the chat that may see it. */
  message(chat: ChatRoom, message: ApiMessage, kind: 'message' | 'edited_message' = 'message'): void {
    const channelKind = kind === 'message' ? 'channel_post' : 'edited_channel_post';
    for (const bot of this.recipients(chat, message)) {
      bot.updates.push(chat.type === 'channel' ? channelKind : kind, message, { chatId: chat.id });
    }
  }

  /** my_chat_member: the bot's own status changed in a chat. */
  myChatMember(chat: ChatRoom, bot: SandboxBot, from: BotUser, old: MemberStatus, now: MemberStatus): void {
    bot.updates.push('my_chat_member', this.memberUpdate(chat, from, bot.user(), old, now), { chatId: chat.id });
  }

  /** chat_member: another member's status changed (only for admin bots that opted in). */
  chatMember(chat: ChatRoom, from: BotUser, member: BotUser, old: MemberStatus, now: MemberStatus): void {
    for (const bot of this.botsIn(chat)) {
      if (bot.id === member.id || chat.statusOf(bot.id) !== 'administrator') continue;
      bot.updates.push('chat_member', this.memberUpdate(chat, from, member, old, now), { chatId: chat.id });
    }
  }

  botsIn(chat: ChatRoom): SandboxBot[] {
    if (chat.type === 'private') {
      const bot = this.state.bots.get(chat.details.botId as number);
      return bot ? [bot] : [];
    }
    return [...chat.members.values()]
      .filter((m) => m.user.is_bot && chat.isPresent(m.user.id))
      .map((m) => this.state.bots.get(m.user.id))
      .filter((bot): bot is SandboxBot => bot !== undefined);
  }

  private recipients(chat: ChatRoom, message: ApiMessage): SandboxBot[] {
    if (chat.type === 'private') {
      return chat.statusOf(chat.details.botId as number) === 'kicked' ? [] : this.botsIn(chat);
    }
    // Bots are in channels as administrators, and get every post.
    if (chat.type === 'channel') return this.botsIn(chat);
    return this.botsIn(chat).filter((bot) => this.botSees(chat, bot, message));
  }

  // Privacy mode (https://core.telegram.org/bots/features#privacy-mode): commands meant for the bot,
  // replies to its messages and service messages; admins and bots without privacy mode see everything.
  private botSees(chat: ChatRoom, bot: SandboxBot, message: ApiMessage): boolean {
    if (!bot.privacyMode || chat.statusOf(bot.id) === 'administrator') return true;
    if (SERVICE_FIELDS.some((field) => field in message)) return true;
    if (message.reply_to_message?.from?.id === bot.id && !message.reply_to_message.forum_topic_created) return true;
    const text = message.text ?? message.caption ?? '';
    const command = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
    if (!command) return false;
    const target = text.slice(0, command.length).split('@')[1];
    if (target !== undefined) return target.toLowerCase() === bot.username.toLowerCase();
    return chat.lastBotSenderId === undefined || chat.lastBotSenderId === bot.id;
  }

  private memberUpdate(chat: ChatRoom, from: BotUser, member: BotUser, old: MemberStatus, now: MemberStatus) {
    const isChannel = chat.type === 'channel';
    return {
      chat: chat.apiChat(),
      from,
      date: this.state.clock.unixTime(),
      old_chat_member: chatMemberObject(member, old, isChannel),
      new_chat_member: chatMemberObject(member, now, isChannel),
    };
  }
}
