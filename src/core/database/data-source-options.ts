import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  migrationsRun?: boolean;
  applicationName?: string;
}

// The folder holding `migrations/` and `src/` for the code that runs: the repository when
// running TypeScript (tests), `dist/` when running compiled JavaScript, bundled or not.
function findCodeRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'migrations'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No migrations folder above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const CODE_ROOT = findCodeRoot();
const EXT = __filename.endsWith('.ts') ? 'ts' : 'js';

export const ENTITY_GLOB = join(CODE_ROOT, 'src', '**', `*.entity.${EXT}`);
export const MIGRATION_GLOB = join(CODE_ROOT, 'migrations', `*.${EXT}`);
export const MIGRATIONS_TABLE = 'typeorm_migrations';

/**
 * The one DataSource options factory: the app, the migration CLI and the tests use it. The
 * CLI and the migration test find entities by glob; the app lists the entities its modules
 * register (`autoLoadEntities`), which also works from the production bundle.
 */
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
    // UUID keys default to PostgreSQL's built-in gen_random_uuid() (13+), so no extension
    // (uuid-ossp needs superuser rights) is needed or installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
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
