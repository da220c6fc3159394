import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClientTelegram } from './client-telegram.entity';
import { UserTelegram } from './user-telegram.entity';

/** The Telegram side of a link being made. */
export interface TelegramAccountRef {
  telegramUserId: number;
  telegramUsername: string | null;
}

export interface ConsumedUserToken {
  id: string;
  organizationId: string;
  userId: string;
  /** The Telegram account the user was linked to before (null when none). */
  previousTelegramUserId: string | null;
}

export interface ConsumedClientToken {
  id: string;
  organizationId: string;
  clientId: string;
  tokenUserId: string | null;
  tokenCreatedById: string | null;
  previousTelegramUserId: string | null;
  previousUserId: string | null;
}

export interface EndedLink {
  telegramUserId: string;
  userId: string | null;
}

// TypeORM answers an UPDATE ... RETURNING with [rows, affected] on PostgreSQL, and an INSERT
// ... RETURNING or a SELECT with the rows alone.
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

const END_LINK = `telegram_user_id = NULL, telegram_username = NULL, linked_at = NULL, enabled = true,
                  disabled_reason = NULL, updated_at = now()`;

/** Queries of `user_telegram` and `client_telegram`; writes that belong together take the caller's manager. */
@Injectable()
export class TelegramLinksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // --- staff users ---

  findUserLink(userId: string): Promise<UserTelegram | null> {
    return this.dataSource.getRepository(UserTelegram).findOneBy({ userId });
  }

  findUserLinkByToken(tokenHash: string): Promise<UserTelegram | null> {
    return this.dataSource.getRepository(UserTelegram).findOneBy({ connectionToken: tokenHash });
  }

  /** The user's one pending token: a new one replaces (voids) the previous one. */
  async setUserToken(organizationId: string, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO user_telegram (organization_id, user_id, connection_token, token_expires_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET connection_token = EXCLUDED.connection_token,
         token_expires_at = EXCLUDED.token_expires_at, updated_at = now()`,
      [organizationId, userId, tokenHash, expiresAt],
    );
  }

  /**
   * Uses the token if it is still pending and not expired at `at`. The row lock makes a second
   * concurrent use wait, then find the token gone: exactly one wins.
   */
  async consumeUserToken(manager: EntityManager, tokenHash: string, at: Date): Promise<ConsumedUserToken | null> {
    const rows = rowsOf<{ id: string; organization_id: string; user_id: string; telegram_user_id: string | null }>(
      await manager.query(
        `UPDATE user_telegram SET connection_token = NULL, token_expires_at = NULL, updated_at = now()
          WHERE connection_token = $1 AND token_expires_at > $2
          RETURNING id, organization_id, user_id, telegram_user_id`,
        [tokenHash, at],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      organizationId: row.organization_id,
      userId: row.user_id,
      previousTelegramUserId: row.telegram_user_id,
    };
  }

  async attachUserLink(manager: EntityManager, id: string, account: TelegramAccountRef, at: Date): Promise<void> {
    await manager.query(
      `UPDATE user_telegram SET telegram_user_id = $2, telegram_username = $3, linked_at = $4, enabled = true,
              disabled_reason = NULL, updated_at = now()
        WHERE id = $1`,
      [id, String(account.telegramUserId), account.telegramUsername, at],
    );
  }

  /** Ends the user's link and voids a pending token; the Telegram account it had, if any. */
  async endUserLink(manager: EntityManager, userId: string): Promise<string | null> {
    const rows = rowsOf<{ previous: string | null }>(
      await manager.query(
        `UPDATE user_telegram u SET ${END_LINK}, connection_token = NULL, token_expires_at = NULL
           FROM (SELECT id, telegram_user_id AS previous FROM user_telegram WHERE user_id = $1 FOR UPDATE) old
          WHERE u.id = old.id
          RETURNING old.previous`,
        [userId],
      ),
    );
    return rows[0]?.previous ?? null;
  }

  // --- clients ---

  findClientLink(clientId: string): Promise<ClientTelegram | null> {
    return this.dataSource.getRepository(ClientTelegram).findOneBy({ clientId });
  }

  findClientLinkByToken(tokenHash: string): Promise<ClientTelegram | null> {
    return this.dataSource.getRepository(ClientTelegram).findOneBy({ connectionToken: tokenHash });
  }

  /** The client's one pending token; `tokenUserId` is whom it signs in (null: nobody). */
  async setClientToken(input: {
    organizationId: string;
    clientId: string;
    tokenHash: string;
    expiresAt: Date;
    tokenUserId: string | null;
    createdById: string;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO client_telegram (organization_id, client_id, connection_token, token_expires_at, token_user_id,
                                    token_created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (client_id) DO UPDATE SET connection_token = EXCLUDED.connection_token,
         token_expires_at = EXCLUDED.token_expires_at, token_user_id = EXCLUDED.token_user_id,
         token_created_by_id = EXCLUDED.token_created_by_id, updated_at = now()`,
      [input.organizationId, input.clientId, input.tokenHash, input.expiresAt, input.tokenUserId, input.createdById],
    );
  }

  async consumeClientToken(manager: EntityManager, tokenHash: string, at: Date): Promise<ConsumedClientToken | null> {
    const rows = rowsOf<{
      id: string;
      organization_id: string;
      client_id: string;
      token_user_id: string | null;
      token_created_by_id: string | null;
      telegram_user_id: string | null;
      previous_user_id: string | null;
    }>(
      await manager.query(
        `UPDATE client_telegram c SET connection_token = NULL, token_expires_at = NULL, token_user_id = NULL,
                updated_at = now()
           FROM (SELECT id, token_user_id, user_id FROM client_telegram WHERE connection_token = $1 FOR UPDATE) old
          WHERE c.id = old.id AND c.connection_token = $1 AND c.token_expires_at > $2
          RETURNING c.id, c.organization_id, c.client_id, old.token_user_id, c.token_created_by_id,
                    c.telegram_user_id, old.user_id AS previous_user_id`,
        [tokenHash, at],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      organizationId: row.organization_id,
      clientId: row.client_id,
      tokenUserId: row.token_user_id,
      tokenCreatedById: row.token_created_by_id,
      previousTelegramUserId: row.telegram_user_id,
      previousUserId: row.previous_user_id,
    };
  }

  async attachClientLink(
    manager: EntityManager,
    id: string,
    account: TelegramAccountRef,
    userId: string | null,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE client_telegram SET telegram_user_id = $2, telegram_username = $3, user_id = $4, linked_at = $5,
              enabled = true, disabled_reason = NULL, updated_at = now()
        WHERE id = $1`,
      [id, String(account.telegramUserId), account.telegramUsername, userId, at],
    );
  }

  /** Ends the client's link and voids a pending token; the account and signed-in user it had. */
  async endClientLink(manager: EntityManager, clientId: string): Promise<EndedLink | null> {
    const rows = rowsOf<{ previous: string | null; user_id: string | null }>(
      await manager.query(
        `UPDATE client_telegram c SET ${END_LINK}, user_id = NULL, connection_token = NULL, token_expires_at = NULL,
                token_user_id = NULL
           FROM (SELECT id, telegram_user_id AS previous, user_id FROM client_telegram WHERE client_id = $1 FOR UPDATE) old
          WHERE c.id = old.id
          RETURNING old.previous, old.user_id`,
        [clientId],
      ),
    );
    const row = rows[0];
    return row?.previous ? { telegramUserId: row.previous, userId: row.user_id } : null;
  }

  /** After a send Telegram refused for good (blocked, chat gone), or one that worked again. */
  async setClientLinkEnabled(clientId: string, enabled: boolean, reason: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE client_telegram SET enabled = $2, disabled_reason = $3, updated_at = now()
        WHERE client_id = $1 AND telegram_user_id IS NOT NULL`,
      [clientId, enabled, reason],
    );
  }

  // --- a Telegram account, whichever it is linked to ---

  async linksOfTelegramAccount(
    telegramUserId: number | string,
  ): Promise<{ user: UserTelegram | null; client: ClientTelegram | null }> {
    const id = String(telegramUserId);
    const [user, client] = await Promise.all([
      this.dataSource.getRepository(UserTelegram).findOneBy({ telegramUserId: id }),
      this.dataSource.getRepository(ClientTelegram).findOneBy({ telegramUserId: id }),
    ]);
    return { user, client };
  }

  /**
   * Ends every link of a Telegram account (one account stands for one CRM identity), except the
   * row being linked now. Returns the staff users and clients it was linked to.
   */
  async detachTelegramAccount(
    manager: EntityManager,
    telegramUserId: number | string,
    keep: { userLinkId?: string; clientLinkId?: string } = {},
  ): Promise<{ userIds: string[]; clientIds: string[] }> {
    const id = String(telegramUserId);
    const none = '00000000-0000-0000-0000-000000000000';
    const users = rowsOf<{ user_id: string }>(
      await manager.query(
        `UPDATE user_telegram SET ${END_LINK} WHERE telegram_user_id = $1 AND id <> $2 RETURNING user_id`,
        [id, keep.userLinkId ?? none],
      ),
    );
    const clients = rowsOf<{ client_id: string }>(
      await manager.query(
        `UPDATE client_telegram SET ${END_LINK}, user_id = NULL WHERE telegram_user_id = $1 AND id <> $2
          RETURNING client_id`,
        [id, keep.clientLinkId ?? none],
      ),
    );
    return { userIds: users.map((r) => r.user_id), clientIds: clients.map((r) => r.client_id) };
  }

  /** Voids a token wherever it is pending (it was shown somewhere unsafe, e.g. a group). */
  async voidToken(tokenHash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE user_telegram SET connection_token = NULL, token_expires_at = NULL, updated_at = now()
        WHERE connection_token = $1`,
      [tokenHash],
    );
    await this.dataSource.query(
      `UPDATE client_telegram SET connection_token = NULL, token_expires_at = NULL, token_user_id = NULL,
              updated_at = now()
        WHERE connection_token = $1`,
      [tokenHash],
    );
  }
}
