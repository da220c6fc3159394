import { Injectable, Logger } from '@nestjs/common';
import type { ExtraReplyMessage } from 'telegraf/typings/telegram-types';
import { EntityManager } from 'typeorm';
import { TelegramAccountsService } from '../telegram-bot/accounts/telegram-accounts.service';
import { LoginService } from '../telegram-bot/login/login.service';
import { ReplyService } from '../telegram-bot/replies/reply.service';

/** What a link change does to the chats involved: their sign-in, their command menu, a notice. */
@Injectable()
export class LinkSessionsService {
  private readonly logger = new Logger(LinkSessionsService.name);

  constructor(
    private readonly accounts: TelegramAccountsService,
    private readonly login: LoginService,
    private readonly replies: ReplyService,
  ) {}

  /** The CRM user a chat is signed in as now, or null. */
  async signedInUser(chatId: number | string): Promise<string | null> {
    const account = await this.accounts.findByChatId(chatId);
    return account?.isAuthenticated ? account.userId : null;
  }

  /** Signs the chat in (in the caller's transaction). */
  signIn(manager: EntityManager, chatId: number | string, userId: string, at: Date): Promise<void> {
    return this.accounts.signIn(chatId, userId, at, manager);
  }

  /** Signs the chat out (in the caller's transaction) when it is signed in as `userId`, or as anyone when null. */
  async signOut(manager: EntityManager, chatId: number | string, userId: string | null): Promise<boolean> {
    const signedIn = await this.signedInUser(chatId);
    if (!signedIn || (userId !== null && signedIn !== userId)) return false;
    await this.accounts.signOut(chatId, manager);
    return true;
  }

  /** Once the change committed: the chat's menu matches its sign-in again. */
  async refreshMenu(chatId: number | string): Promise<void> {
    try {
      await this.login.refreshMenu(Number(chatId));
    } catch (error) {
      this.logger.warn(`Could not refresh the menu of chat ${chatId}: ${(error as Error).message}`);
    }
  }

  /** A notice to a chat that did not ask for it (it may have blocked the bot: then it just does not get it). */
  async notify(chatId: number | string, html: string, extra: ExtraReplyMessage = {}): Promise<void> {
    try {
      await this.replies.sendHtml(chatId, html, extra);
    } catch (error) {
      this.logger.warn(`Could not tell chat ${chatId} about a link change: ${(error as Error).message}`);
    }
  }
}
