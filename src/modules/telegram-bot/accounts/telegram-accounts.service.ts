import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { returnedRows } from '../common/returned-rows.util';
import { TelegramUser } from './telegram-user.entity';

export const MAX_LOGIN_FAILURES = 3;
export const LOGIN_LOCK_MS = 15 * 60_000;
export const HISTORY_LIMIT = 20;

/** The bot's record of each Telegram account: who it is on Telegram and whom it signed in as. */
@Injectable()
export class TelegramAccountsService {
  constructor(@InjectRepository(TelegramUser) private readonly users: Repository<TelegramUser>) {}

  findByChatId(chatId: number | string): Promise<TelegramUser | null> {
    return this.users.findOneBy({ chatId: String(chatId) });
  }

  /** The chats signed in as this CRM user (to reset them when the account changes). */
  findByUserId(userId: string): Promise<TelegramUser[]> {
    return this.users.findBy({ userId, isAuthenticated: true });
  }

  // `manager`: write inside the caller's transaction (account linking signs in with its link).
  async signIn(chatId: number | string, userId: string, at: Date, manager?: EntityManager): Promise<void> {
    await this.repository(manager).update(
      { chatId: String(chatId) },
      {
        userId,
        isAuthenticated: true,
        signedInAt: at,
        failedLoginAttempts: 0,
        loginLockedUntil: null,
        pendingEmail: null,
        conversationHistory: [],
      },
    );
  }

  async signOut(chatId: number | string, manager?: EntityManager): Promise<void> {
    await this.repository(manager).update(
      { chatId: String(chatId) },
      { userId: null, isAuthenticated: false, signedInAt: null, conversationHistory: [] },
    );
  }

  /** One more wrong password; the third in a row locks the chat out of /login for 15 minutes. */
  async recordLoginFailure(
    chatId: number | string,
    at: Date,
  ): Promise<{ attemptsLeft: number; lockedUntil: Date | null }> {
    const rows = returnedRows<{ failed_login_attempts: number }>(
      await this.users.query(
        `UPDATE telegram_users SET failed_login_attempts = failed_login_attempts + 1, updated_at = now()
          WHERE chat_id = $1 RETURNING failed_login_attempts`,
        [String(chatId)],
      ),
    );
    const failures = rows[0]?.failed_login_attempts ?? MAX_LOGIN_FAILURES;
    if (failures < MAX_LOGIN_FAILURES) return { attemptsLeft: MAX_LOGIN_FAILURES - failures, lockedUntil: null };
    const lockedUntil = new Date(at.getTime() + LOGIN_LOCK_MS);
    await this.users.update({ chatId: String(chatId) }, { failedLoginAttempts: 0, loginLockedUntil: lockedUntil });
    return { attemptsLeft: 0, lockedUntil };
  }

  async clearHistory(chatId: number | string): Promise<void> {
    await this.users.update({ chatId: String(chatId) }, { conversationHistory: [] });
  }

  private repository(manager?: EntityManager): Repository<TelegramUser> {
    return manager ? manager.getRepository(TelegramUser) : this.users;
  }
}
