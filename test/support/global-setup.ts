import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/core/database/data-source-options';
import { startPostgres } from '../../src/core/local-stack/postgres-server';
import { startRedis } from '../../src/core/local-stack/redis-server';
import { TEMPLATE_DATABASE, TestStackEnv } from './test-stack';

/**
 * One real PostgreSQL and one real Redis for the whole run, on free ports in a temporary
 * folder. The migrations run once into a template database; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'tgcrm-test-'));
  chmodSync(root, 0o755); // the postgres OS user (when run as root) must enter it
  const postgres = await startPostgres({
    dataDir: join(root, 'postgres'),
    database: TEMPLATE_DATABASE,
    ephemeral: true,
  });
  const redis = await startRedis({ dataDir: join(root, 'redis'), ephemeral: true });

  const dataSource = new DataSource(buildDataSourceOptions({ url: postgres.adminUrl(TEMPLATE_DATABASE) }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();

  const env: TestStackEnv = {
    TEST_PG_ADMIN_URL: postgres.adminUrl('postgres'),
    TEST_REDIS_URL: redis.url,
    TEST_STACK_DIR: root,
  };
  Object.assign(process.env, env);
  (globalThis as Record<string, unknown>).__TEST_STACK__ = { postgres, redis, root };
  process.stdout.write(
    `\nTest stack: PostgreSQL :${postgres.port}, Redis :${redis.port} (${Date.now() - started} ms)\n`,
  );
}
