import autocannon from 'autocannon';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../src/core/local-stack/free-port';
import { startPostgres } from '../src/core/local-stack/postgres-server';
import { startRedis } from '../src/core/local-stack/redis-server';
import { msUntilOk, startNode, stop } from './lib/processes';
import { report } from './lib/report';
import { LoadResult, wrkAvailable, wrkPostUpdates } from './lib/wrk';

// Compiled to dist/bench: the repository root is two folders up.
const REPO = join(__dirname, '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'telegram', 'updates');
const CONNECTIONS = 40;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const SECRET = 'bench_webhook_secret';

type Run = LoadResult;

/** Real update payloads, each sent with a fresh update_id so every request is a new row. */
function payloads(): Record<string, unknown>[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Record<string, unknown>);
}

async function load(url: string, headers: Record<string, string>): Promise<Run> {
  const bodies = payloads();
  if (wrkAvailable()) return wrkPostUpdates(url, bodies, headers, CONNECTIONS, DURATION_S);
  let next = 1;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        setupRequest: (request) => {
          const id = next++;
          return { ...request, body: JSON.stringify({ ...bodies[id % bodies.length], update_id: id }) };
        },
      },
    ],
  });
  return {
    client: 'autocannon',
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

/**
 * bench:webhook — updates/s the webhook commits to PostgreSQL at 40 connections, against a
 * bare Nest + Fastify endpoint that answers without persisting, in the same run.
 */
async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-webhook-'));
  chmodSync(root, 0o755);
  const pg = await startPostgres({ dataDir: join(root, 'pg'), database: 'bench' });
  const redis = await startRedis({ dataDir: join(root, 'redis'), ephemeral: true });
  const port = await findFreePort();
  const env = {
    NODE_ENV: 'production',
    APP_ROLE: 'api',
    PORT: String(port),
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: '123456789:AAbenchmarkbenchmarkbenchmarkbench',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
  };
  const app = startNode(join(REPO, 'dist', 'src', 'main.js'), env, REPO);
  const barePort = await findFreePort();
  const bare = startNode(join(REPO, 'dist', 'bench', 'baseline', 'bare-nest-app.js'), { PORT: String(barePort) }, REPO);
  try {
    await msUntilOk(`http://127.0.0.1:${port}/health/ready`, Date.now(), app);
    await msUntilOk(`http://127.0.0.1:${barePort}/health/ready`, Date.now(), bare);
    const loadClient = wrkAvailable() ? 'wrk' : 'autocannon (install wrk for a client that is not the bottleneck)';
    process.stdout.write(`load client: ${loadClient}\nbare endpoint: ${CONNECTIONS} connections for ${DURATION_S} s\n`);
    const baseline = await load(`http://127.0.0.1:${barePort}/webhook`, {});
    await stop(bare);
    process.stdout.write(`webhook (persisted): ${CONNECTIONS} connections for ${DURATION_S} s\n`);
    const webhook = await load(`http://127.0.0.1:${port}/api/telegram/webhook`, {
      'x-telegram-bot-api-secret-token': SECRET,
    });
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    const stored = Number((await client.query('SELECT count(*) AS n FROM telegram_updates')).rows[0].n);
    await client.end();
    report(
      'webhook',
      [
        {
          name: 'updates/s (persisted)',
          value: webhook.perSecond,
          unit: '/s',
          baseline: baseline.perSecond,
          better: 'higher',
        },
        { name: 'latency p50', value: webhook.p50, unit: 'ms', baseline: baseline.p50, better: 'lower' },
        { name: 'latency p99', value: webhook.p99, unit: 'ms', baseline: baseline.p99, better: 'lower' },
        { name: 'non-2xx answers', value: webhook.non2xx, unit: '', better: 'lower' },
        {
          name: 'rows stored / 2xx answers',
          value: stored / Math.max(1, webhook.requests - webhook.non2xx),
          unit: '',
          better: 'higher',
        },
      ],
      { connections: CONNECTIONS, durationS: DURATION_S, webhook, baseline, stored },
    );
  } finally {
    await Promise.allSettled([stop(app), stop(bare)]);
    await Promise.allSettled([pg.stop(), redis.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
