import { rmSync } from 'node:fs';
import type { RunningPostgres } from '../../src/core/local-stack/postgres-server';
import type { RunningRedis } from '../../src/core/local-stack/redis-server';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__TEST_STACK__ as
    { postgres: RunningPostgres; redis: RunningRedis; root: string } | undefined;
  if (!stack) return;
  await Promise.allSettled([stack.postgres.stop(), stack.redis.stop()]);
  rmSync(stack.root, { recursive: true, force: true });
}
