import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../src/core/local-stack/free-port';
import { RunningPostgres, startPostgres } from '../src/core/local-stack/postgres-server';
import { RunningRedis, startRedis } from '../src/core/local-stack/redis-server';
import { SandboxClient } from '../src/sandbox/client/sandbox-client';
import type { SandboxChat } from '../src/sandbox/client/sandbox-chat';
import type { RecordedCall } from '../src/sandbox/state/call-log';
import { msUntilOk, startNode, Started, stop } from './lib/processes';
import { Figure, report } from './lib/report';
import { sendStats } from './lib/sandbox-stats';

// Compiled to dist/bench: the compiled app is one folder up; processes run in the repository.
const DIST = join(__dirname, '..');
const REPO = process.cwd();
// A benchmark script, not the app: it reads its own knobs.
const CHATS = Number(process.env.BENCH_CHATS ?? 3000);
const CHAOS_ROWS = Number(process.env.BENCH_CHAOS_ROWS ?? 5000);
const ONE_CHAT = Number(process.env.BENCH_ONE_CHAT ?? 100);
const GROUP = Number(process.env.BENCH_GROUP ?? 60);
const RATES = (process.env.BENCH_RATES ?? '30,300').split(',').map(Number);
const SKIP_CHAOS = process.env.BENCH_SKIP_CHAOS === '1';
const DUMP = process.env.BENCH_DUMP;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
// Children find node_modules from their own folder; a build outside the repository passes NODE_PATH on.
const PASS_ON: Record<string, string> = process.env.NODE_PATH ? { NODE_PATH: process.env.NODE_PATH } : {};
const TOKEN = `7000000001:${randomBytes(27).toString('base64url')}`;
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };
const log = (line: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Answers of the API as it sent them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Stack {
  root: string;
  pg: RunningPostgres;
  pgPort: number;
  redis: RunningRedis;
  redisPort: number;
  sandbox: Started;
  sandboxUrl: string;
  client: SandboxClient;
  apiPort: number;
}

interface Apps {
  api: Started;
  workers: Started[];
  env: Record<string, string>;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T, R>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

function appEnv(stack: Stack, rate: number): Record<string, string> {
  return {
    ...PASS_ON,
    NODE_ENV: 'production',
    DATABASE_URL: stack.pg.url,
    REDIS_URL: stack.redis.url,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: stack.sandboxUrl,
    TELEGRAM_MODE: 'polling',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    NOTIFY_GLOBAL_PER_SECOND: String(rate),
    LOG_LEVEL: 'warn',
  };
}

async function startWorker(env: Record<string, string>): Promise<Started> {
  const worker = startNode(join(DIST, 'src', 'worker.js'), { ...env, LOG_LEVEL: 'info' }, REPO);
  const deadline = Date.now() + 60_000;
  while (!worker.output().includes('Delivering notifications')) {
    if (worker.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`worker did not start:\n${worker.output()}`);
    await sleep(50);
  }
  return worker;
}

async function startApps(stack: Stack, rate: number, workers = 1): Promise<Apps> {
  const env = appEnv(stack, rate);
  const api = startNode(join(DIST, 'src', 'main.js'), { ...env, APP_ROLE: 'api', PORT: String(stack.apiPort) }, REPO);
  await msUntilOk(`http://127.0.0.1:${stack.apiPort}/health/ready`, Date.now(), api);
  const started: Started[] = [];
  for (let i = 0; i < workers; i++) started.push(await startWorker({ ...env, APP_ROLE: 'worker' }));
  return { api, workers: started, env };
}

async function stopApps(apps: Apps): Promise<void> {
  await Promise.allSettled([stop(apps.api), ...apps.workers.map(stop)]);
}

async function api(stack: Stack, token: string, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(`http://127.0.0.1:${stack.apiPort}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function login(stack: Stack): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${stack.apiPort}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * The sendMessage calls the sandbox recorded after `after` (its seq), read incrementally: asking for
 * every call again each time would make the sandbox serialize thousands of them while it must
 * answer sends on time.
 */
class CallReader {
  readonly calls: RecordedCall[] = [];
  private cursor: number;

  constructor(
    private readonly client: SandboxClient,
    after: number,
  ) {
    this.cursor = after;
  }

  async read(): Promise<RecordedCall[]> {
    for (;;) {
      const page = await this.client.calls({ after: this.cursor, limit: 2000 });
      if (page.length === 0) return this.calls;
      this.cursor = page[page.length - 1].seq;
      this.calls.push(...page.filter((c) => c.method.toLowerCase() === 'sendmessage'));
    }
  }
}

async function lastSeq(client: SandboxClient): Promise<number> {
  let cursor = 0;
  for (;;) {
    const page = await client.calls({ after: cursor, limit: 5000 });
    if (page.length === 0) return cursor;
    cursor = page[page.length - 1].seq;
  }
}

/** Marks every update the sandbox queued for the bot as received, so that the app starts with none. */
async function drainUpdates(stack: Stack): Promise<void> {
  let offset = 0;
  for (;;) {
    const res = await fetch(`${stack.sandboxUrl}/bot${TOKEN}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offset, limit: 100, timeout: 0 }),
    });
    const { result } = (await res.json()) as { result: { update_id: number }[] };
    if (result.length === 0) return;
    offset = result[result.length - 1].update_id + 1;
  }
}

interface Fixture {
  organizationId: string;
  /** Client ids, each linked to the private chat at the same index. */
  clientIds: string[];
  chats: SandboxChat[];
  oneChat: SandboxChat;
  group: SandboxChat;
}

/** Sandbox users who started the bot, CRM clients linked to them (written directly), one more chat and a group. */
async function seed(stack: Stack, count: number): Promise<Fixture> {
  const bot = await stack.client.createBot({ username: 'bench_notify_bot', token: TOKEN });
  log(`creating ${count + 1} Telegram users who start the bot`);
  const chats = await pool(
    Array.from({ length: count + 1 }, (_, i) => i),
    16,
    async (i) => {
      const user = await stack.client.createUser({ firstName: `Bench${i}`, languageCode: 'en' });
      const chat = await user.privateChat(bot);
      await chat.sendCommand(user, 'start');
      return { user, chat };
    },
  );
  const group = await stack.client.createGroup({ title: 'Bench group', creator: chats[0].user });
  await group.addBot(bot, { by: chats[0].user });
  await drainUpdates(stack);

  const db = new Client({ connectionString: stack.pg.url });
  await db.connect();
  try {
    const [{ organization_id: organizationId }] = (
      await db.query('SELECT organization_id FROM users WHERE email = $1', [ADMIN.email])
    ).rows;
    const clientIds: string[] = [];
    for (let start = 0; start < count; start += 1000) {
      const size = Math.min(1000, count - start);
      const ids = (
        await db.query(
          `INSERT INTO customers (organization_id, name) SELECT $1, 'Bench client ' || g FROM generate_series($2::int, $3::int) g
           RETURNING id`,
          [organizationId, start, start + size - 1],
        )
      ).rows.map((r: { id: string }) => r.id);
      const telegramIds = chats.slice(start, start + size).map((c) => String(c.user.id));
      await db.query(
        `INSERT INTO client_telegram (organization_id, client_id, telegram_user_id, linked_at, enabled)
         SELECT $1, c, t::bigint, now(), true FROM unnest($2::uuid[], $3::text[]) AS x(c, t)`,
        [organizationId, ids, telegramIds],
      );
      clientIds.push(...ids);
    }
    return {
      organizationId,
      clientIds,
      chats: chats.slice(0, count).map((c) => c.chat),
      oneChat: chats[count].chat,
      group,
    };
  } finally {
    await db.end();
  }
}

async function waitForSends(stack: Stack, after: number, expected: number, timeoutMs: number): Promise<RecordedCall[]> {
  const deadline = Date.now() + timeoutMs;
  const reader = new CallReader(stack.client, after);
  let calls: RecordedCall[] = [];
  let lastLogged = 0;
  while (Date.now() < deadline) {
    calls = await reader.read();
    const ok = calls.filter((c) => c.ok).length;
    if (ok >= expected) return calls;
    if (Date.now() - lastLogged > 10_000) {
      log(`  ${ok}/${expected} sent`);
      lastLogged = Date.now();
    }
    await sleep(1000);
  }
  throw new Error(`only ${calls.filter((c) => c.ok).length}/${expected} sends within ${timeoutMs} ms`);
}

/** One run: a broadcast to every linked chat, plus many to one chat and to one group, at `rate`. */
async function throughputRun(stack: Stack, fixture: Fixture, rate: number): Promise<Figure[]> {
  log(`run at ${rate}/s: ${CHATS} chats, ${ONE_CHAT} to one chat, ${GROUP} to one group`);
  await stack.client.setLimits({ botPerSecond: rate });
  const apps = await startApps(stack, rate, WORKERS);
  try {
    const token = await login(stack);
    const after = await lastSeq(stack.client);
    const violationsBefore = (await stack.client.violations()).length;
    const started = Date.now();
    const label = `r${rate}`;
    const broadcast = await api(stack, token, 'POST', '/api/notifications/broadcast', {
      segment: 'customers',
      ids: fixture.clientIds,
      text: `Bench ${label}: hello`,
    });
    await pool(
      Array.from({ length: ONE_CHAT + GROUP }, (_, i) => i),
      8,
      (i) =>
        api(stack, token, 'POST', '/api/notifications', {
          chatId: i < ONE_CHAT ? fixture.oneChat.id : fixture.group.id,
          text: `Bench ${label} #${i}`,
          idempotencyKey: `bench-${label}-${i}`,
        }),
    );
    const enqueuedMs = Date.now() - started;
    const expected = fixture.clientIds.length + ONE_CHAT + GROUP;
    const calls = await waitForSends(stack, after, expected, 20 * 60_000);
    const stats = sendStats(calls, new Set(fixture.chats.map((c) => c.id)));
    if (DUMP)
      writeFileSync(
        `${DUMP}-${rate}.json`,
        JSON.stringify(calls.map((c) => [c.time, c.params.chat_id, c.ok, c.error?.description])),
      );
    const violations = (await stack.client.violations()).length - violationsBefore;
    const progress = await api(stack, token, 'GET', `/api/notifications/broadcasts/${broadcast.id}`);
    log(
      `  ${stats.ok} sent at ${stats.ratePerSecond.toFixed(2)}/s over ${stats.windowMs} ms; ` +
        `429s ${stats.rateLimited}, violations ${violations}; broadcast ${progress.sent}/${progress.total}`,
    );
    return [
      { name: `${rate}/s: achieved msg/s`, value: stats.ratePerSecond, unit: '/s', baseline: rate, better: 'higher' },
      { name: `${rate}/s: max sends in any 1 s`, value: stats.maxPerSecond, unit: '', baseline: rate, better: 'lower' },
      { name: `${rate}/s: 429s received`, value: stats.rateLimited, unit: '', better: 'lower' },
      { name: `${rate}/s: violations (sandbox)`, value: violations, unit: '', better: 'lower' },
      {
        name: `${rate}/s: max per private chat in 1 s`,
        value: stats.maxPerChatSecond,
        unit: '',
        baseline: 1,
        better: 'lower',
      },
      {
        name: `${rate}/s: max per group in 60 s`,
        value: stats.maxPerGroupMinute,
        unit: '',
        baseline: 20,
        better: 'lower',
      },
      { name: `${rate}/s: time to drain`, value: (stats.lastAt - started) / 1000, unit: 's', better: 'lower' },
      { name: `${rate}/s: time to enqueue`, value: enqueuedMs / 1000, unit: 's', better: 'lower' },
      { name: `${rate}/s: other send errors`, value: stats.otherErrors, unit: '', better: 'lower' },
    ];
  } finally {
    await stopApps(apps);
  }
}

async function killRedis(stack: Stack, persistent: boolean): Promise<void> {
  process.kill(stack.redis.pid, 'SIGKILL');
  await sleep(1000);
  const dataDir = join(stack.root, persistent ? 'redis' : `redis-${Date.now()}`);
  stack.redis = await startRedis({ dataDir, port: stack.redisPort, ephemeral: !persistent });
}

async function restartPostgres(stack: Stack): Promise<void> {
  await stack.pg.stop();
  await sleep(1000);
  stack.pg = await startPostgres({ dataDir: join(stack.root, 'pg'), database: 'bench', port: stack.pgPort });
}

/** A broadcast to every chat while Redis, the worker and PostgreSQL are killed and restarted. */
async function chaosRun(stack: Stack, fixture: Fixture): Promise<Figure[]> {
  const rows = fixture.clientIds.length;
  log(`chaos run: ${rows}-row broadcast at 30/s`);
  await stack.client.setLimits({ botPerSecond: 30 });
  const apps = await startApps(stack, 30, WORKERS);
  try {
    const token = await login(stack);
    const after = await lastSeq(stack.client);
    const text = 'Bench chaos: hello';
    const broadcast = await api(stack, token, 'POST', '/api/notifications/broadcast', {
      segment: 'customers',
      ids: fixture.clientIds,
      text,
    });
    const reader = new CallReader(stack.client, after);
    const sentSoFar = async (): Promise<number> =>
      (await reader.read()).filter((c) => c.ok && String(c.params.text).endsWith(text)).length;
    const at = async (share: number): Promise<void> => {
      while ((await sentSoFar()) < rows * share) await sleep(1000);
    };
    await at(0.1);
    log('  kill -9 Redis, restart it from its append-only file');
    await killRedis(stack, true);
    await at(0.25);
    log('  kill -9 Redis, restart it empty (no persistence)');
    await killRedis(stack, false);
    await at(0.4);
    log('  kill -9 the worker, start another');
    process.kill(apps.workers[0].child.pid ?? 0, 'SIGKILL');
    await apps.workers[0].exited;
    apps.workers[0] = await startWorker({ ...apps.env, REDIS_URL: stack.redis.url, APP_ROLE: 'worker' });
    await at(0.55);
    log('  restart PostgreSQL');
    await restartPostgres(stack);

    const deadline = Date.now() + 20 * 60_000;
    let perChat = new Map<number, number>();
    for (;;) {
      const calls = (await reader.read()).filter((c) => c.ok && String(c.params.text).endsWith(text));
      perChat = new Map<number, number>();
      for (const call of calls)
        perChat.set(Number(call.params.chat_id), (perChat.get(Number(call.params.chat_id)) ?? 0) + 1);
      const progress = await api(stack, token, 'GET', `/api/notifications/broadcasts/${broadcast.id}`).catch(
        () => null,
      );
      if (progress && progress.pending === 0 && perChat.size >= rows - progress.failed) break;
      if (Date.now() > deadline) break;
      await sleep(2000);
    }
    const lost = fixture.chats.filter((c) => !perChat.has(c.id)).length;
    const duplicated = [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const db = new Client({ connectionString: stack.pg.url });
    await db.connect();
    const statuses = (
      await db.query(
        `SELECT status, count(*)::int AS n FROM telegram_notifications_queue WHERE broadcast_id = $1 GROUP BY status`,
        [broadcast.id],
      )
    ).rows as { status: string; n: number }[];
    await db.end();
    log(
      `  rows by status: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}; lost ${lost}, duplicated ${duplicated}`,
    );
    return [
      { name: 'chaos: rows', value: rows, unit: '', better: 'higher' },
      { name: 'chaos: lost (chats without the message)', value: lost, unit: '', better: 'lower' },
      { name: 'chaos: duplicated (extra copies)', value: duplicated, unit: '', better: 'lower' },
      {
        name: 'chaos: rows failed',
        value: statuses.find((s) => s.status === 'failed')?.n ?? 0,
        unit: '',
        better: 'lower',
      },
    ];
  } finally {
    await stopApps(apps);
  }
}

/**
 * bench:notify — notifications sent through the sandbox at Telegram's limits (30/s, then 300/s on
 * both sides): achieved rate against the limit, 429s, violations, per-chat and per-group maxima;
 * then a broadcast through kill -9 of Redis (with and without its data), of the worker, and a
 * PostgreSQL restart: lost and duplicated messages.
 */
async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-notify-'));
  chmodSync(root, 0o755);
  const pgPort = await findFreePort();
  const redisPort = await findFreePort();
  const sandboxPort = await findFreePort();
  const pg = await startPostgres({ dataDir: join(root, 'pg'), database: 'bench', port: pgPort });
  const redis = await startRedis({ dataDir: join(root, 'redis'), port: redisPort });
  const sandbox = startNode(
    join(DIST, 'src', 'sandbox', 'main.js'),
    { ...PASS_ON, SANDBOX_PORT: String(sandboxPort) },
    REPO,
  );
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const stack: Stack = {
    root,
    pg,
    pgPort,
    redis,
    redisPort,
    sandbox,
    sandboxUrl,
    client: new SandboxClient(sandboxUrl),
    apiPort: await findFreePort(),
  };
  try {
    await msUntilOk(`${sandboxUrl}/sandbox/api/state`, Date.now(), sandbox);
    // The first start migrates and creates the vendor; the fixture needs both.
    await stopApps(await startApps(stack, 30));
    const fixture = await seed(stack, Math.max(CHATS, SKIP_CHAOS ? 0 : CHAOS_ROWS));
    const throughputFixture = {
      ...fixture,
      clientIds: fixture.clientIds.slice(0, CHATS),
      chats: fixture.chats.slice(0, CHATS),
    };
    const figures: Figure[] = [];
    for (const rate of RATES) figures.push(...(await throughputRun(stack, throughputFixture, rate)));
    if (!SKIP_CHAOS) {
      const chaosFixture = {
        ...fixture,
        clientIds: fixture.clientIds.slice(0, CHAOS_ROWS),
        chats: fixture.chats.slice(0, CHAOS_ROWS),
      };
      figures.push(...(await chaosRun(stack, chaosFixture)));
    }
    report('notify', figures, {
      chats: CHATS,
      oneChat: ONE_CHAT,
      group: GROUP,
      rates: RATES,
      chaosRows: CHAOS_ROWS,
      workers: WORKERS,
    });
  } finally {
    await stop(sandbox);
    await Promise.allSettled([stack.pg.stop(), stack.redis.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
