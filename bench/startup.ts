import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../src/core/local-stack/free-port';
import { startPostgres } from '../src/core/local-stack/postgres-server';
import { startRedis } from '../src/core/local-stack/redis-server';
import { msUntilOk, rssMb, startNode, stop } from './lib/processes';
import { median, report } from './lib/report';

// Compiled to dist/bench: the repository root is two folders up.
const REPO = join(__dirname, '..', '..');
const RUNS = 5;
const IDLE_MS = 5000;

/**
 * bench:startup — `npm run start:prod` (NODE_ENV=production, URLs given, migrations already
 * applied): time from process start to /health/ready 200 and RSS after idling, against a bare
 * Nest 11 + Fastify app measured in the same run.
 */
async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  chmodSync(root, 0o755);
  const pg = await startPostgres({ dataDir: join(root, 'pg'), database: 'bench' });
  const redis = await startRedis({ dataDir: join(root, 'redis'), ephemeral: true });
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: '123456789:AAbenchmarkbenchmarkbenchmarkbench',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
  };
  try {
    const measure = async (script: string, extraEnv: Record<string, string>) => {
      const startups: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const port = await findFreePort();
        const started = Date.now();
        const run = startNode(script, { ...extraEnv, PORT: String(port) }, REPO);
        startups.push(await msUntilOk(`http://127.0.0.1:${port}/health/ready`, started, run));
        await new Promise((r) => setTimeout(r, IDLE_MS));
        rss.push(rssMb(run.child.pid ?? 0));
        await stop(run);
        process.stdout.write('.');
      }
      return { startup: median(startups), rss: median(rss), startups, rssAll: rss };
    };

    // First start applies the migrations; the measured runs start on a migrated database.
    const first = startNode(join(REPO, 'dist', 'src', 'main.js'), { ...env, PORT: String(await findFreePort()) }, REPO);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/running/.test(first.output())) {
          clearInterval(timer);
          resolve();
        } else if (first.child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(first.output()));
        }
      }, 50);
    });
    await stop(first);

    process.stdout.write(`measuring ${RUNS} starts each`);
    const app = await measure(join(REPO, 'dist', 'src', 'main.js'), env);
    const bare = await measure(join(REPO, 'dist', 'bench', 'baseline', 'bare-nest-app.js'), {});
    process.stdout.write('\n');
    report(
      'startup',
      [
        {
          name: 'start to /health/ready (median)',
          value: app.startup,
          unit: 'ms',
          baseline: bare.startup,
          better: 'lower',
        },
        {
          name: `RSS after ${IDLE_MS / 1000} s idle (median)`,
          value: app.rss,
          unit: 'MB',
          baseline: bare.rss,
          better: 'lower',
        },
      ],
      { runs: RUNS, app, bare, node: process.version },
    );
  } finally {
    await Promise.allSettled([pg.stop(), redis.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
