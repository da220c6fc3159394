import { DataSource } from 'typeorm';

/** telegraf's async session store interface (`session({ store })`). */
export interface AsyncSessionStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Telegraf sessions (and so scenes) in PostgreSQL: any instance can take a chat's next
 * update. Updates of one chat never run concurrently (the inbox claims them one at a time),
 * which is what telegraf's read-modify-write session needs.
 */
export function postgresSessionStore<T extends object>(dataSource: DataSource): AsyncSessionStore<T> {
  return {
    async get(key) {
      const rows: { data: T }[] = await dataSource.query('SELECT data FROM telegram_bot_sessions WHERE key = $1', [
        key,
      ]);
      return rows[0]?.data;
    },
    async set(key, value) {
      await dataSource.query(
        `INSERT INTO telegram_bot_sessions (key, data, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [key, JSON.stringify(value)],
      );
    },
    async delete(key) {
      await dataSource.query('DELETE FROM telegram_bot_sessions WHERE key = $1', [key]);
    },
  };
}
