import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Where a message to a CRM staff user or client goes on Telegram. */
export interface TelegramRecipient {
  /** The private chat (its id is the Telegram user's id); a string because it is a bigint. */
  chatId: string;
  /** The Telegram account's `language_code` as the bot last saw it (null when unknown). */
  languageCode: string | null;
  /** `link`: an enabled account link; `signed-in`: a chat signed in through the bot's /login. */
  via: 'link' | 'signed-in';
}

export interface LinkedClient extends TelegramRecipient {
  clientId: string;
}

// node-postgres returns bigint as a string; ids stay strings.
interface RecipientRow {
  owner_id: string;
  chat_id: string;
  language_code: string | null;
  via: 'link' | 'signed-in';
}

function toRecipient(row: RecipientRow): TelegramRecipient {
  return { chatId: row.chat_id, languageCode: row.language_code, via: row.via };
}

/**
 * Read-only answers for whoever writes to linked people (notifications): the chat of a staff
 * user or a client, and `disableLink` when Telegram refuses a chat for good. The language comes
 * from the bot's record of the account (`telegram_users`), joined here so a broadcast to
 * thousands resolves in one query.
 */
@Injectable()
export class TelegramRecipientsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Staff users (or customer users) by id: their enabled link, else a private chat signed in as
   * them through the bot (the most recent). Users with neither are absent from the map.
   */
  async findForUsers(userIds: readonly string[]): Promise<Map<string, TelegramRecipient>> {
    if (userIds.length === 0) return new Map();
    const rows: RecipientRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (owner_id) owner_id, chat_id::text AS chat_id, language_code, via FROM (
         SELECT l.user_id AS owner_id, l.telegram_user_id AS chat_id, t.language_code, 'link' AS via, 0 AS rank,
                l.linked_at AS at
           FROM user_telegram l LEFT JOIN telegram_users t ON t.chat_id = l.telegram_user_id
          WHERE l.user_id = ANY($1::uuid[]) AND l.telegram_user_id IS NOT NULL AND l.enabled
         UNION ALL
         SELECT t.user_id, t.chat_id, t.language_code, 'signed-in', 1, t.signed_in_at
           FROM telegram_users t
          WHERE t.user_id = ANY($1::uuid[]) AND t.is_authenticated AND t.chat_id > 0
            AND NOT EXISTS (SELECT 1 FROM user_telegram d
                             WHERE d.telegram_user_id = t.chat_id AND NOT d.enabled)
       ) candidates
       ORDER BY owner_id, rank, at DESC NULLS LAST`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.owner_id, toRecipient(row)]));
  }

  /**
   * Clients (`customers` rows) by id: their enabled link, else the enabled link of one of the
   * client's customer users, else a private chat signed in as one of them through the bot's
   * /login (the most recent). With `includeDisabled`, links Telegram refused before count too (a
   * staff member writing to one client tries again: the client may have unblocked the bot).
   */
  async findForClients(
    clientIds: readonly string[],
    options: { includeDisabled?: boolean } = {},
  ): Promise<Map<string, TelegramRecipient>> {
    if (clientIds.length === 0) return new Map();
    const rows = await this.clientRecipients('ids', clientIds, options.includeDisabled === true);
    return new Map(rows.map((row) => [row.owner_id, toRecipient(row)]));
  }

  /** Every client of the organization that findForClients would reach. */
  async linkedClients(organizationId: string): Promise<LinkedClient[]> {
    const rows = await this.clientRecipients('organization', organizationId, false);
    return rows.map((row) => ({ clientId: row.owner_id, ...toRecipient(row) }));
  }

  private clientRecipients(
    by: 'ids' | 'organization',
    value: readonly string[] | string,
    includeDisabled: boolean,
  ): Promise<RecipientRow[]> {
    const links = by === 'ids' ? 'l.client_id = ANY($1::uuid[])' : 'l.organization_id = $1';
    const users =
      by === 'ids' ? 'u.customer_id = ANY($1::uuid[])' : 'u.organization_id = $1 AND u.customer_id IS NOT NULL';
    return this.dataSource.query(
      `SELECT DISTINCT ON (owner_id) owner_id, chat_id::text AS chat_id, language_code, via FROM (
         SELECT l.client_id AS owner_id, l.telegram_user_id AS chat_id, t.language_code, 'link' AS via, 0 AS rank,
                l.linked_at AS at
           FROM client_telegram l LEFT JOIN telegram_users t ON t.chat_id = l.telegram_user_id
          WHERE ${links} AND l.telegram_user_id IS NOT NULL AND (l.enabled OR $2)
         UNION ALL
         SELECT u.customer_id, l.telegram_user_id, t.language_code, 'link', 1, l.linked_at
           FROM users u JOIN user_telegram l ON l.user_id = u.id
           LEFT JOIN telegram_users t ON t.chat_id = l.telegram_user_id
          WHERE ${users} AND u.disabled_at IS NULL AND l.telegram_user_id IS NOT NULL AND (l.enabled OR $2)
         UNION ALL
         SELECT u.customer_id, t.chat_id, t.language_code, 'signed-in', 2, t.signed_in_at
           FROM users u JOIN telegram_users t ON t.user_id = u.id
          WHERE ${users} AND u.disabled_at IS NULL AND t.is_authenticated AND t.chat_id > 0
            AND ($2 OR NOT EXISTS (SELECT 1 FROM user_telegram d WHERE d.telegram_user_id = t.chat_id AND NOT d.enabled))
       ) candidates
       ORDER BY owner_id, rank, at DESC NULLS LAST`,
      [value, includeDisabled],
    );
  }

  /** The bot's record of a chat's language (null when the bot never saw the account). */
  async languageOfChat(chatId: string): Promise<string | null> {
    const rows: { language_code: string | null }[] = await this.dataSource.query(
      'SELECT language_code FROM telegram_users WHERE chat_id = $1',
      [chatId],
    );
    return rows[0]?.language_code ?? null;
  }

  /** A message reached the chat again: links Telegram had refused receive again. */
  async enableLink(chatId: string): Promise<void> {
    for (const table of ['user_telegram', 'client_telegram']) {
      await this.dataSource.query(
        `UPDATE ${table} SET enabled = true, disabled_reason = NULL, updated_at = now()
          WHERE telegram_user_id = $1 AND NOT enabled`,
        [chatId],
      );
    }
  }

  /**
   * Telegram refused the chat for good (blocked, deactivated, not found): every link to it stops
   * receiving until the person links again or a later message goes through.
   */
  async disableLink(chatId: string, reason: string): Promise<void> {
    const why = reason.slice(0, 200);
    await this.dataSource.query(
      `UPDATE user_telegram SET enabled = false, disabled_reason = $2, updated_at = now()
        WHERE telegram_user_id = $1 AND enabled`,
      [chatId, why],
    );
    await this.dataSource.query(
      `UPDATE client_telegram SET enabled = false, disabled_reason = $2, updated_at = now()
        WHERE telegram_user_id = $1 AND enabled`,
      [chatId, why],
    );
  }
}
