import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { RunningPostgres, startPostgres } from './postgres-server';
import { RunningRedis, startRedis } from './redis-server';

export interface LocalStack {
  /** Variables to apply on top of the configuration (DATABASE_URL, REDIS_URL). */
  overrides: { DATABASE_URL?: string; REDIS_URL?: string };
  stop: () => Promise<void>;
}

/**
 * Starts what the configuration leaves out, outside production: an embedded PostgreSQL
 * when DATABASE_URL is unset, a redis-server when REDIS_URL is unset. Data under DATA_DIR.
 */
export async function startLocalStack(config: AppConfig, say: (line: string) => void): Promise<LocalStack> {
  // Status lines go to the user; the servers' own output is left out.
  const log = (line: string): void => {
    if (!/^(postgres|redis): /.test(line)) say(line);
  };
  const overrides: LocalStack['overrides'] = {};
  let postgres: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;
  if (config.isProduction) return { overrides, stop: async () => undefined };

  try {
    if (!config.env.DATABASE_URL) {
      postgres = await startPostgres({ dataDir: join(config.dataDir, 'postgres'), database: 'telegram_crm', log });
      overrides.DATABASE_URL = postgres.url;
    }
    if (!config.env.REDIS_URL) {
      redis = await startRedis({ dataDir: join(config.dataDir, 'redis'), log });
      overrides.REDIS_URL = redis.url;
    }
  } catch (error) {
    await Promise.allSettled([postgres?.stop(), redis?.stop()]);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= Promise.allSettled([redis?.stop(), postgres?.stop()]).then(() => undefined);
    return stopping;
  };
  return { overrides, stop };
}
