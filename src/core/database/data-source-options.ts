import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  migrationsRun?: boolean;
  applicationName?: string;
}

// Resolved from this file, so the same globs work for TypeScript sources (tests, CLI via
// swc) and for the compiled JavaScript in dist/.
const SRC_ROOT = join(__dirname, '..', '..');
const MIGRATIONS_DIR = join(SRC_ROOT, '..', 'migrations');

export const ENTITY_GLOB = join(SRC_ROOT, '**', '*.entity.{ts,js}');
export const MIGRATION_GLOB = join(MIGRATIONS_DIR, '*.{ts,js}');
export const MIGRATIONS_TABLE = 'typeorm_migrations';

/** The one DataSource options factory: the app, the migration CLI and the tests use it. */
export function buildDataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: [ENTITY_GLOB],
    migrations: [MIGRATION_GLOB],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: options.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: options.applicationName ?? 'telegram-crm',
    extra: {
      max: options.poolSize ?? 20,
      // Fail fast when the server is gone, so readiness turns 503 quickly.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
    },
  };
}
