import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../../src/core/local-stack/free-port';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { RunningSandbox, startSandboxServer } from '../../src/sandbox/sandbox-server';
import { createTestDatabase, createTestRedisUrl } from '../support/test-stack';

const REPO = join(__dirname, '..', '..');
const BUILD = join(REPO, 'node_modules', '.cache', `crash-e2e-${process.pid}`);
const USERS = 2000;

// A burst of 2,000 users writing at once, the app killed with SIGKILL in the middle, then
// restarted: every update Telegram handed over is handled (each user gets an answer).
describe('a kill -9 during a burst of 2,000 updates', () => {
  let sandbox: RunningSandbox;
  let client: SandboxClient;
  let env: Record<string, string>;
  let burstBot: SandboxBotHandle;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    execFileSync(join(REPO, 'node_modules', '.bin', 'swc'), ['src', 'migrations', '-d', BUILD, '--copy-files', '-q'], {
      cwd: REPO,
    });
    // Telegram's limits at 300/s on both sides, so 2,000 answers take seconds, not a minute.
    sandbox = await startSandboxServer({ options: { limits: { botPerSecond: 300 } } });
    client = new SandboxClient(sandbox.url, { defaultTimeoutMs: 60_000 });
    const bot = await client.createBot({ username: 'burst_test_bot' });
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      APP_ROLE: 'all',
      PORT: String(await findFreePort()),
      DATABASE_URL: await createTestDatabase(),
      REDIS_URL: await createTestRedisUrl(),
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: sandbox.url,
      NOTIFY_GLOBAL_PER_SECOND: '300',
    };
    burstBot = bot;
  }, 120_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sandbox.close();
    rmSync(BUILD, { recursive: true, force: true });
  });

  function startApp(): ChildProcess {
    const child = spawn(process.execPath, [join(BUILD, 'src', 'main.js')], { cwd: REPO, env, stdio: 'ignore' });
    children.push(child);
    return child;
  }

  async function answeredChats(chats: SandboxChat[]): Promise<number[]> {
    const counts = await Promise.all(
      chats.map(async (chat) => (await chat.messages()).filter((m) => m.from?.is_bot === true).length),
    );
    return counts;
  }

  it('loses no update and answers each user', async () => {
    const bot = burstBot;
    const first = startApp();
    const chats: SandboxChat[] = [];
    // Everyone writes at once (in waves of 100 concurrent requests to the sandbox).
    for (let i = 0; i < USERS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, USERS - i) }, async (_, j) => {
          const user = await client.createUser({ firstName: `User${i + j}` });
          const chat = await user.privateChat(bot);
          await chat.sendCommand(user, 'start');
          chats[i + j] = chat;
        }),
      );
    }
    // Kill the app hard once it has answered some, with many still in flight.
    const deadline = Date.now() + 60_000;
    let answered = 0;
    while (answered < 300 && Date.now() < deadline) {
      answered = (await client.calls({ method: 'sendMessage' })).length;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answered).toBeGreaterThanOrEqual(300);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = (await answeredChats(chats)).filter((n) => n > 0).length;
    expect(atKill).toBeLessThan(USERS);

    startApp();
    const end = Date.now() + 120_000;
    let counts = await answeredChats(chats);
    while (counts.some((n) => n === 0) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 1000));
      counts = await answeredChats(chats);
    }
    const lost = counts.filter((n) => n === 0).length;
    const duplicated = counts.filter((n) => n > 1).length;
    process.stdout.write(
      `\nburst: ${USERS} users, ${atKill} answered before the kill, lost ${lost}, answered twice ${duplicated}\n`,
    );
    expect(lost).toBe(0);
    // Paced at the limit: the sandbox saw no send during a retry_after it had asked for.
    expect(await client.violations()).toEqual([]);
    // At-least-once window: only updates in hand at the kill (at most the 16 the dispatcher runs at once)
    // can be answered twice.
    expect(duplicated).toBeLessThanOrEqual(16);
  }, 300_000);
});
