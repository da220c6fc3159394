import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../src/core/local-stack/free-port';
import { startPostgres } from '../src/core/local-stack/postgres-server';
import { startRedis } from '../src/core/local-stack/redis-server';
import { SandboxClient } from '../src/sandbox/client/sandbox-client';
import { startSandboxServer } from '../src/sandbox/sandbox-server';
import { msUntilOk, startNode, stop } from './lib/processes';
import { report } from './lib/report';

const REPO = join(__dirname, '..', '..');
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const EMAIL = 'bench.vendor@example.test';
const PASSWORD = 'bench-password-123';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * bench:bot-roundtrip — a signed-in user sends /me in the sandbox; time until the bot's answer
 * shows in the chat (polling, inbox, worker, CRM, paced reply), one at a time with the app idle
 * otherwise. Baseline: the same round trip for a sandbox message answered by nothing but a
 * bare getUpdates/sendMessage loop in this process.
 */
async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-roundtrip-'));
  chmodSync(root, 0o755);
  const pg = await startPostgres({ dataDir: join(root, 'pg'), database: 'bench' });
  const redis = await startRedis({ dataDir: join(root, 'redis'), ephemeral: true });
  const sandbox = await startSandboxServer();
  const client = new SandboxClient(sandbox.url, { defaultTimeoutMs: 30_000 });
  const bot = await client.createBot({ username: 'bench_roundtrip_bot' });
  const port = await findFreePort();
  const app = startNode(
    join(REPO, 'dist', 'src', 'main.js'),
    {
      NODE_ENV: 'production',
      APP_ROLE: 'all',
      PORT: String(port),
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: sandbox.url,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
      BOOTSTRAP_ADMIN_EMAIL: EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
    },
    REPO,
  );
  try {
    await msUntilOk(`http://127.0.0.1:${port}/health/ready`, Date.now(), app);
    const user = await client.createUser({ firstName: 'Bench' });
    const chat = await user.privateChat(bot);
    await chat.sendText(user, `/login ${EMAIL}`);
    await chat.nextBotMessage();
    await chat.sendText(user, PASSWORD);
    const signedIn = await chat.nextBotMessage();
    if (!signedIn.text?.startsWith('Signed in')) throw new Error(`sign-in failed: ${signedIn.text}`);

    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // One a little over a second apart: Telegram's (and our) 1 message/s per chat.
      await new Promise((r) => setTimeout(r, 1100));
      const started = Date.now();
      await chat.sendText(user, '/me');
      const reply = await chat.nextBotMessage();
      latencies.push(Date.now() - started);
      if (!reply.text?.includes(EMAIL)) throw new Error(`unexpected answer: ${reply.text}`);
      process.stdout.write('.');
    }
    await stop(app);

    // Baseline: the sandbox round trip alone, answered by a minimal poll-and-reply loop.
    const baseBot = await client.createBot({ username: 'bench_echo_bot' });
    const echoUser = await client.createUser({ firstName: 'Echo' });
    const echoChat = await echoUser.privateChat(baseBot);
    const api = `${sandbox.url}/bot${baseBot.token}`;
    let offset = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        const res = (await (await fetch(`${api}/getUpdates?timeout=1&offset=${offset}`)).json()) as {
          result: { update_id: number; message?: { chat: { id: number } } }[];
        };
        for (const u of res.result) {
          offset = u.update_id + 1;
          if (u.message) {
            await fetch(`${api}/sendMessage`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ chat_id: u.message.chat.id, text: 'pong' }),
            });
          }
        }
      }
    })();
    const baseline: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await new Promise((r) => setTimeout(r, 1100));
      const started = Date.now();
      await echoChat.sendText(echoUser, 'ping');
      await echoChat.nextBotMessage();
      baseline.push(Date.now() - started);
    }
    running = false;
    await loop;
    process.stdout.write('\n');
    report(
      'bot-roundtrip',
      [
        {
          name: '/me round trip p50',
          value: percentile(latencies, 50),
          unit: 'ms',
          baseline: percentile(baseline, 50),
          better: 'lower',
        },
        {
          name: '/me round trip p99',
          value: percentile(latencies, 99),
          unit: 'ms',
          baseline: percentile(baseline, 99),
          better: 'lower',
        },
      ],
      { samples: SAMPLES, latencies, baseline },
    );
  } finally {
    await stop(app);
    await sandbox.close();
    await Promise.allSettled([pg.stop(), redis.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
