import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig } from '../../src/core/config/app-config';
import { validateEnvironment } from '../../src/core/config/env';

export const TEMPLATE_DATABASE = 'app_template';

export interface TestStackEnv {
  TEST_PG_ADMIN_URL: string;
  TEST_REDIS_URL: string;
  TEST_STACK_DIR: string;
}

function stackEnv(): TestStackEnv {
  const { TEST_PG_ADMIN_URL, TEST_REDIS_URL, TEST_STACK_DIR } = process.env;
  if (!TEST_PG_ADMIN_URL || !TEST_REDIS_URL || !TEST_STACK_DIR) {
    throw new Error('The test stack is not running: run the tests through jest (npm test)');
  }
  return { TEST_PG_ADMIN_URL, TEST_REDIS_URL, TEST_STACK_DIR };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `sql` on the cluster's maintenance database. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: stackEnv().TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test file: a clone of the migrated template (fast). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  return withDatabase(stackEnv().TEST_PG_ADMIN_URL, name);
}

/** A Redis logical database of its own (the test Redis has 1024). */
export async function createTestRedisUrl(): Promise<string> {
  const base = stackEnv().TEST_REDIS_URL;
  const client = new Redis(base);
  try {
    const n = await client.incr('test:next-db');
    return `${base}/${1 + (n % 1023)}`;
  } finally {
    client.disconnect();
  }
}

export function testStackDir(): string {
  return stackEnv().TEST_STACK_DIR;
}

/** The configuration of a test app: its own database and Redis db, logs silent unless TEST_LOG_LEVEL. */
export async function createTestConfig(overrides: Record<string, string> = {}): Promise<AppConfig> {
  const env = validateEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: overrides.DATABASE_URL ?? (await createTestDatabase()),
    REDIS_URL: overrides.REDIS_URL ?? (await createTestRedisUrl()),
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    DATA_DIR: testStackDir(),
    // HTTP only unless a test asks for workers (they would poll Telegram).
    APP_ROLE: 'api',
    ...overrides,
  });
  return new AppConfig(env);
}
