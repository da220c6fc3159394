import { Command, Ctx, On, Scene, SceneEnter } from 'nestjs-telegraf';
import { Scenes } from 'telegraf';
import type { Message } from 'telegraf/types';
import { escapeHtml } from '../replies/html.util';
import { LoginService } from './login.service';

export const LOGIN_SCENE = 'login';
// A pending sign-in expires 10 minutes after /login (by Telegram's message times).
export const LOGIN_TTL_SECONDS = 600;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export interface LoginState {
  email?: string;
  startedAt: number;
}

type LoginContext = Scenes.SceneContext & { scene: { state: LoginState } };

export function isEmail(text: string): boolean {
  return EMAIL.test(text.trim()) && text.trim().length <= 320;
}

/** /login: ask the email (unless given), then the password, which is deleted from the chat at once. */
@Scene(LOGIN_SCENE)
export class LoginScene {
  constructor(private readonly login: LoginService) {}

  @SceneEnter()
  async enter(@Ctx() ctx: LoginContext): Promise<void> {
    await ctx.reply(
      ctx.scene.state.email
        ? `Signing in as <b>${escapeHtml(ctx.scene.state.email)}</b>. Send your password; I delete the message right away. /cancel to stop.`
        : 'What is the email of your CRM account? /cancel to stop.',
      { parse_mode: 'HTML' },
    );
  }

  @Command('cancel')
  async cancel(@Ctx() ctx: LoginContext): Promise<void> {
    await ctx.scene.leave();
    await ctx.reply('Sign-in cancelled.');
  }

  @On('text')
  async text(@Ctx() ctx: LoginContext): Promise<void> {
    const message = ctx.message as Message.TextMessage;
    const state = ctx.scene.state;
    if (message.date - state.startedAt > LOGIN_TTL_SECONDS) {
      await ctx.scene.leave();
      await ctx.reply('The sign-in expired (10 minutes). Send /login to start again.');
      return;
    }
    if (message.text.startsWith('/')) {
      await ctx.scene.leave();
      await ctx.reply(`Sign-in cancelled. Send ${escapeHtml(message.text.split(/\s/)[0])} again if you meant it.`);
      return;
    }
    if (!state.email) {
      if (!isEmail(message.text)) {
        await ctx.reply('That does not look like an email address. Try again, or /cancel.');
        return;
      }
      state.email = message.text.trim().toLowerCase();
      await ctx.reply('Now your password. I delete the message right away.');
      return;
    }
    // The password must not stay in the chat history.
    await ctx.deleteMessage(message.message_id).catch(() => undefined);
    const outcome = await this.login.checkPassword(
      ctx.chat!.id,
      state.email,
      message.text,
      new Date(message.date * 1000),
    );
    switch (outcome.kind) {
      case 'signed-in': {
        await ctx.scene.leave();
        const p = outcome.profile;
        await ctx.reply(
          `Signed in as <b>${escapeHtml(p.name)}</b> (${p.role}, ${escapeHtml(p.organization.name)}). Send /help to see what you can do.`,
          { parse_mode: 'HTML' },
        );
        return;
      }
      case 'wrong':
        await ctx.reply(
          `Wrong email or password. ${outcome.attemptsLeft} attempt${outcome.attemptsLeft === 1 ? '' : 's'} left. Send the password again, or /cancel.`,
        );
        return;
      case 'locked':
        await ctx.scene.leave();
        await ctx.reply(
          `Too many wrong passwords. Sign-in from this chat is locked for ${minutesUntil(outcome.until, message.date)} minutes.`,
        );
        return;
      case 'disabled':
        await ctx.scene.leave();
        await ctx.reply('This account is disabled. Ask your CRM administrator.');
        return;
    }
  }
}

export function minutesUntil(until: Date, nowSeconds: number): number {
  return Math.max(1, Math.ceil((until.getTime() / 1000 - nowSeconds) / 60));
}
