import { Inject } from '@nestjs/common';
import { Command, Ctx, Help, On, Update } from 'nestjs-telegraf';
import { Context, Scenes } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { Actor } from '../../auth/policy.types';
import { CRM_PORT, CrmPort } from '../../crm/crm.port';
import { TelegramAccountsService } from '../accounts/telegram-accounts.service';
import { ConversationHandler } from '../conversation/conversation-handler';
import { fileOfMessage } from '../files/incoming-file.util';
import { TelegramFilesService } from '../files/telegram-files.service';
import { isEmail, LOGIN_SCENE, LoginState, minutesUntil } from '../login/login.scene';
import { LoginService } from '../login/login.service';
import { escapeHtml } from '../replies/html.util';
import { ReplyService } from '../replies/reply.service';
import { helpText } from './command-menus';
import { dealsText, invoicesText, statsText, ticketsText } from './crm-formatting';

type BotContext = Scenes.SceneContext;

const SIGN_IN_PROMPT = 'You are not signed in. Send /login, or open the link from your CRM profile.';
const PRIVATE_ONLY = 'For your security, sign-in works only in a private chat with me.';

function messageOf(ctx: Context): Message.TextMessage {
  return ctx.message as Message.TextMessage;
}

/** The commands of a signed-in or guest chat; anything else goes to the conversation handler. */
@Update()
export class AccountUpdate {
  constructor(
    private readonly login: LoginService,
    private readonly accounts: TelegramAccountsService,
    private readonly replies: ReplyService,
    private readonly conversation: ConversationHandler,
    private readonly files: TelegramFilesService,
    @Inject(CRM_PORT) private readonly crm: CrmPort,
  ) {}

  @Help()
  async help(@Ctx() ctx: BotContext): Promise<void> {
    const actor = ctx.chat?.type === 'private' ? await this.login.actorFor(ctx.chat.id) : null;
    await ctx.reply(helpText(actor?.role ?? null), { parse_mode: 'HTML' });
  }

  @Command('login')
  async startLogin(@Ctx() ctx: BotContext): Promise<void> {
    if (ctx.chat?.type !== 'private') {
      await ctx.reply(PRIVATE_ONLY);
      return;
    }
    const message = messageOf(ctx);
    const locked = await this.login.lockedUntil(ctx.chat.id, new Date(message.date * 1000));
    if (locked) {
      await ctx.reply(`Too many wrong passwords. Try again in ${minutesUntil(locked, message.date)} minutes.`);
      return;
    }
    const argument = message.text.split(/\s+/)[1];
    const state: LoginState = { startedAt: message.date };
    if (argument && isEmail(argument)) state.email = argument.toLowerCase();
    await ctx.scene.enter(LOGIN_SCENE, state);
  }

  @Command('me')
  async me(@Ctx() ctx: BotContext): Promise<void> {
    const actor = await this.signedIn(ctx);
    if (!actor) return;
    const profile = await this.login.profileFor(actor);
    const since = await this.login.signedInSince(ctx.chat!.id);
    await ctx.reply(
      [
        `<b>${escapeHtml(profile.name)}</b>`,
        `Email: ${escapeHtml(profile.email)}`,
        `Role: ${profile.role}`,
        `Organization: ${escapeHtml(profile.organization.name)}`,
        ...(since ? [`Signed in since: ${since.toISOString().replace('T', ' ').slice(0, 16)} UTC`] : []),
      ].join('\n'),
      { parse_mode: 'HTML' },
    );
  }

  @Command('logout')
  async logout(@Ctx() ctx: BotContext): Promise<void> {
    if (ctx.chat?.type !== 'private') return;
    await this.login.signOut(ctx.chat.id);
    await ctx.reply('Signed out. Send /login to sign in again.');
  }

  @Command('clear')
  async clear(@Ctx() ctx: BotContext): Promise<void> {
    if (ctx.chat?.type !== 'private') return;
    await this.accounts.clearHistory(ctx.chat.id);
    await ctx.reply('Our conversation is forgotten.');
  }

  @Command('deals')
  async deals(@Ctx() ctx: BotContext): Promise<void> {
    const actor = await this.signedIn(ctx);
    if (!actor) return;
    const page = await this.crm.listDeals(actor, { limit: 10 });
    await this.replies.sendHtml(ctx.chat!.id, dealsText(page.items, page.total));
  }

  @Command('tickets')
  async tickets(@Ctx() ctx: BotContext): Promise<void> {
    const actor = await this.signedIn(ctx);
    if (!actor) return;
    const page = await this.crm.listTickets(actor, { limit: 10 });
    await this.replies.sendHtml(ctx.chat!.id, ticketsText(page.items, page.total));
  }

  @Command('invoices')
  async invoices(@Ctx() ctx: BotContext): Promise<void> {
    const actor = await this.signedIn(ctx);
    if (!actor) return;
    const page = await this.crm.listInvoices(actor, { limit: 10 });
    await this.replies.sendHtml(ctx.chat!.id, invoicesText(page.items, page.total));
  }

  /** A group's id, for sending it notifications from the CRM: only the group's admins may ask. */
  @Command('chatid')
  async chatId(@Ctx() ctx: BotContext): Promise<void> {
    const chat = ctx.chat;
    if (!chat || !ctx.from) return;
    if (chat.type === 'private') {
      await ctx.reply(`This chat's id is <code>${chat.id}</code>.`, { parse_mode: 'HTML' });
      return;
    }
    const member = await ctx.telegram.getChatMember(chat.id, ctx.from.id);
    if (member.status !== 'creator' && member.status !== 'administrator') {
      await ctx.reply('Only the admins of this group can ask that.');
      return;
    }
    await ctx.reply(`This group's chat id is <code>${chat.id}</code>. Use it in the CRM to send notifications here.`, {
      parse_mode: 'HTML',
    });
  }

  @Command('stats')
  async stats(@Ctx() ctx: BotContext): Promise<void> {
    const actor = await this.signedIn(ctx);
    if (!actor) return;
    await this.replies.sendHtml(ctx.chat!.id, statsText(await this.crm.getStats(actor)));
  }

  @On(['photo', 'document', 'voice', 'audio', 'video', 'animation', 'video_note'])
  async file(@Ctx() ctx: BotContext): Promise<void> {
    if (ctx.chat?.type !== 'private' || !ctx.message) return;
    const file = fileOfMessage(ctx.message);
    if (!file) return;
    await this.files.record(ctx.chat.id, ctx.message.message_id, file);
    if (!(await this.login.actorFor(ctx.chat.id))) {
      await ctx.reply(SIGN_IN_PROMPT);
      return;
    }
    const outcome = await this.replies.whileTyping(ctx.chat.id, () => this.files.download(file.fileUniqueId));
    const name = escapeHtml(file.fileName ?? `your ${file.kind.replace('_', ' ')}`);
    if (outcome.kind === 'stored') {
      await ctx.reply(`Got ${name} (${formatBytes(outcome.bytes)}).`, { parse_mode: 'HTML' });
    } else if (outcome.kind === 'too-large') {
      await ctx.reply(
        `${name} is ${formatBytes(outcome.bytes)}: Telegram lets bots download files of up to 20 MB. ` +
          'Send a smaller file or a link to it.',
        { parse_mode: 'HTML' },
      );
    } else {
      await ctx.reply('I could not download that file. Please send it again.');
    }
  }

  // Registered last: text no command above took.
  @On('text')
  async text(@Ctx() ctx: BotContext): Promise<void> {
    if (ctx.chat?.type !== 'private') return;
    const text = messageOf(ctx).text;
    if (text.startsWith('/')) {
      await ctx.reply('I do not know that command. Send /help to see what I can do.');
      return;
    }
    const actor = await this.login.actorFor(ctx.chat.id);
    if (!actor) {
      await ctx.reply(SIGN_IN_PROMPT);
      return;
    }
    const chatId = ctx.chat.id;
    const answer = await this.replies.whileTyping(chatId, () => this.conversation.respond(actor, chatId, text));
    await this.replies.sendHtml(chatId, answer);
  }

  /** The chat's actor; otherwise says how to sign in and returns null. */
  private async signedIn(ctx: BotContext): Promise<Actor | null> {
    if (ctx.chat?.type !== 'private') {
      await ctx.reply('Ask me that in a private chat.');
      return null;
    }
    const actor = await this.login.actorFor(ctx.chat.id);
    if (!actor) await ctx.reply(SIGN_IN_PROMPT);
    return actor;
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
