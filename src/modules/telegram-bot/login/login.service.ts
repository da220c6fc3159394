import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Telegraf } from 'telegraf';
import type { Actor, Role } from '../../auth/policy.types';
import { CRM_PORT, CrmPort } from '../../crm/crm.port';
import type { ProfileDto } from '../../crm/users/user.dto';
import { TelegramAccountsService } from '../accounts/telegram-accounts.service';
import { commandsFor } from '../bot/command-menus';

export type PasswordOutcome =
  | { kind: 'signed-in'; profile: ProfileDto }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'locked'; until: Date }
  | { kind: 'disabled' };

/** Told when a chat signs out (/logout, a disabled account), e.g. to end its account link. */
export type SignOutListener = (chatId: number) => Promise<void>;

/** Sign-in from a chat: the same credentials as the CRM, a lock after 3 wrong passwords, role menus. */
@Injectable()
export class LoginService {
  private readonly logger = new Logger(LoginService.name);
  private readonly signOutListeners: SignOutListener[] = [];

  constructor(
    @Inject(CRM_PORT) private readonly crm: CrmPort,
    private readonly accounts: TelegramAccountsService,
    @InjectBot() private readonly bot: Telegraf<Context>,
  ) {}

  /** When the chat may not try to sign in yet, the time it may again. */
  async lockedUntil(chatId: number, at: Date): Promise<Date | null> {
    const account = await this.accounts.findByChatId(chatId);
    const until = account?.loginLockedUntil ?? null;
    return until && until > at ? until : null;
  }

  async checkPassword(chatId: number, email: string, password: string, at: Date): Promise<PasswordOutcome> {
    const locked = await this.lockedUntil(chatId, at);
    if (locked) return { kind: 'locked', until: locked };
    const check = await this.crm.verifyCredentials(email, password);
    if (!check.ok && check.reason === 'disabled') return { kind: 'disabled' };
    if (!check.ok) {
      const { attemptsLeft, lockedUntil } = await this.accounts.recordLoginFailure(chatId, at);
      this.logger.warn(`Wrong password for a sign-in from chat ${chatId} (${attemptsLeft} attempts left)`);
      return lockedUntil ? { kind: 'locked', until: lockedUntil } : { kind: 'wrong', attemptsLeft };
    }
    // Signing in as someone else ends what the chat stood for until now (its links too).
    const previous = (await this.accounts.findByChatId(chatId))?.userId ?? null;
    if (previous && previous !== check.user.id) {
      for (const listener of this.signOutListeners) await listener(chatId);
    }
    await this.accounts.signIn(chatId, check.user.id, at);
    await this.crm.recordLogin(check.user.id);
    const actor = await this.crm.getActor(check.user.id, 'telegram');
    if (!actor) return { kind: 'disabled' };
    await this.setMenu(chatId, actor.role);
    this.logger.log(`Chat ${chatId} signed in as user ${check.user.id} (${actor.role})`);
    return { kind: 'signed-in', profile: await this.crm.getProfile(actor) };
  }

  /** The actor this chat is signed in as, or null (never signed in, signed out, account disabled). */
  async actorFor(chatId: number): Promise<Actor | null> {
    const account = await this.accounts.findByChatId(chatId);
    if (!account?.isAuthenticated || !account.userId) return null;
    const actor = await this.crm.getActor(account.userId, 'telegram');
    if (!actor) await this.signOut(chatId);
    return actor;
  }

  async profileFor(actor: Actor): Promise<ProfileDto> {
    return this.crm.getProfile(actor);
  }

  async signedInSince(chatId: number): Promise<Date | null> {
    return (await this.accounts.findByChatId(chatId))?.signedInAt ?? null;
  }

  async signOut(chatId: number): Promise<void> {
    await this.accounts.signOut(chatId);
    for (const listener of this.signOutListeners) await listener(chatId);
    await this.setMenu(chatId, null);
  }

  /** Modules that tie something to a chat's sign-in (account linking) end it here, without the bot knowing them. */
  onSignOut(listener: SignOutListener): void {
    this.signOutListeners.push(listener);
  }

  /** Sets the command menu that matches the chat's sign-in now (after another module signed it in or out). */
  async refreshMenu(chatId: number): Promise<Actor | null> {
    const actor = await this.actorFor(chatId);
    await this.setMenu(chatId, actor?.role ?? null);
    return actor;
  }

  /** The command menu of one chat: its role's commands, or the guest menu. */
  private async setMenu(chatId: number, role: Role | null): Promise<void> {
    const scope = { type: 'chat' as const, chat_id: chatId };
    try {
      if (role) await this.bot.telegram.setMyCommands(commandsFor(role), { scope });
      else await this.bot.telegram.deleteMyCommands({ scope });
    } catch (error) {
      this.logger.warn(`Could not set the command menu of chat ${chatId}: ${(error as Error).message}`);
    }
  }
}
