import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../../src/core/local-stack/free-port';
import { createTestDatabase, createTestRedisUrl, testStackDir } from '../support/test-stack';

const REPO = join(__dirname, '..', '..');
// Inside the repo so that the compiled entry point resolves node_modules.
const BUILD = join(REPO, 'node_modules', '.cache', `entrypoint-e2e-${process.pid}`);

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [join(BUILD, 'src', 'main.js')], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForReady(port: number, run: Run, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`exited early:\n${run.output()}`);
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms:\n${run.output()}`);
}

/** Processes whose command line mentions `needle` (e.g. a data directory). */
function processesMentioning(needle: string): string[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .filter((cmd) => cmd.includes(needle));
}

beforeAll(() => {
  execFileSync(join(REPO, 'node_modules', '.bin', 'swc'), ['src', 'migrations', '-d', BUILD, '--copy-files', '-q'], {
    cwd: REPO,
  });
}, 60_000);
afterAll(() => rmSync(BUILD, { recursive: true, force: true }));

describe('the entry point', () => {
  it('exits 1 naming PORT when PORT is not a number', async () => {
    const run = startMain({ PORT: 'abc' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('PORT must be an integer between 1 and 65535');
  });

  it('exits 1 naming DATABASE_URL when it is not a PostgreSQL URL', async () => {
    const run = startMain({ DATABASE_URL: 'nonsense' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('DATABASE_URL must be a PostgreSQL URL');
  });

  it('exits 1 in production without the mandatory secrets', async () => {
    const run = startMain({ NODE_ENV: 'production' });
    expect(await run.exited).toBe(1);
    for (const name of ['JWT_SECRET', 'TELEGRAM_BOT_TOKEN', 'DATABASE_URL', 'REDIS_URL'])
      expect(run.output()).toContain(name);
  });

  it('stops gracefully on SIGTERM', async () => {
    const port = await findFreePort();
    const run = startMain({
      PORT: String(port),
      DATABASE_URL: await createTestDatabase(),
      REDIS_URL: await createTestRedisUrl(),
    });
    await waitForReady(port, run);
    const started = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('local mode (no DATABASE_URL, no REDIS_URL)', () => {
  const dataDir = mkdtempSync(join(testStackDir(), 'local-'));
  chmodSync(dataDir, 0o755);

  async function runOnce(): Promise<{ output: string; remembered: string }> {
    const port = await findFreePort();
    const run = startMain({ PORT: String(port), DATA_DIR: dataDir });
    await waitForReady(port, run, 90_000);
    const pgPort = /PostgreSQL listening on 127\.0\.0\.1:(\d+)/.exec(run.output())?.[1];
    const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
    const client = new Client({
      connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/telegram_crm`,
    });
    await client.connect();
    await client.query(
      `INSERT INTO app_settings (key, value) VALUES ('first-run', now()::text) ON CONFLICT DO NOTHING`,
    );
    const remembered = (await client.query(`SELECT value FROM app_settings WHERE key = 'first-run'`)).rows[0]
      .value as string;
    await client.end();

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    return { output: run.output(), remembered };
  }

  it('starts PostgreSQL and Redis, stops them on Ctrl-C, and reuses the data next time', async () => {
    const first = await runOnce();
    expect(first.output).toContain('Initialising PostgreSQL data directory');
    expect(first.output).toMatch(/Redis listening on 127\.0\.0\.1:\d+/);
    expect(first.output).toContain('/api/docs');
    expect(processesMentioning(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

    const second = await runOnce();
    expect(second.output).not.toContain('Initialising PostgreSQL data directory');
    expect(second.remembered).toBe(first.remembered);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 180_000);
});
