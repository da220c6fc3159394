import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { RunningSandbox, startSandboxServer } from '../../src/sandbox/sandbox-server';
import type { RateLimits } from '../../src/sandbox/state/rate-limiter';
import { createFactory, Factory, TestUser } from '../support/factories';
import { Json, readJson, startTestApp, TestApp } from '../support/test-app';

export const WAIT = { timeoutMs: 20_000 };

/** A Telegram user and their private chat with the bot. */
export interface Person {
  user: SandboxUserHandle;
  chat: SandboxChat;
}

/** One sandbox playing Telegram and the whole app (HTTP and workers) on it, for one test file. */
export interface NotifyKit {
  sandbox: RunningSandbox;
  client: SandboxClient;
  bot: SandboxBotHandle;
  t: TestApp;
  factory: Factory;
  db: DataSource;
  api(as: TestUser, method: string, path: string, json?: unknown): Promise<{ status: number; body: Json }>;
  /** A Telegram account linked to a staff (or customer) user, through the real link flow. */
  linkUser(as: TestUser, options?: { languageCode?: string }): Promise<Person>;
  /** A Telegram account signed in as the user through the bot's /login (no link). */
  signIn(as: TestUser): Promise<Person>;
  /** A Telegram account linked to a client by a staff user's link. */
  linkClient(clientId: string, staff: TestUser, options?: { languageCode?: string }): Promise<Person>;
  /** `count` new clients of the staff user's organization, each linked to a Telegram account. */
  linkedClients(count: number, staff: TestUser): Promise<{ clientId: string; person: Person }[]>;
  close(): Promise<void>;
}

export async function startNotifyKit(
  botUsername: string,
  options: { limits?: Partial<RateLimits>; env?: Record<string, string> } = {},
): Promise<NotifyKit> {
  const sandbox = await startSandboxServer({ options: { limits: options.limits } });
  const client = new SandboxClient(sandbox.url);
  const bot = await client.createBot({ username: botUsername });
  const t = await startTestApp({
    APP_ROLE: 'all',
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: sandbox.url,
    ...options.env,
  });
  const factory = createFactory(t.app as unknown as INestApplication);
  const db = t.app.get(DataSource);
  let people = 0;

  const api: NotifyKit['api'] = async (as, method, path, json) => {
    const res = await t.request(path, { method, headers: as.headers, json });
    return { status: res.status, body: res.status === 204 ? null : await readJson(res) };
  };

  const person = async (languageCode?: string): Promise<Person> => {
    people += 1;
    const user = await client.createUser({ firstName: `Person${people}`, languageCode });
    return { user, chat: await user.privateChat(bot) };
  };

  const open = async (who: Person, token: string): Promise<void> => {
    await who.chat.sendCommand(who.user, 'start', { args: token });
    const greeting = await who.chat.nextBotMessage(WAIT);
    if (!/linked/.test(greeting.text ?? '')) throw new Error(`Linking failed: ${greeting.text}`);
  };

  const kit: NotifyKit = {
    sandbox,
    client,
    bot,
    t,
    factory,
    db,
    api,
    async linkUser(as, { languageCode } = {}) {
      const who = await person(languageCode);
      const { status, body } = await api(as, 'POST', '/api/telegram/user/generate-link');
      if (status !== 200) throw new Error(`generate-link answered ${status}: ${JSON.stringify(body)}`);
      await open(who, body.token);
      return who;
    },
    async signIn(as) {
      const who = await person('en');
      await who.chat.sendText(who.user, `/login ${as.email}`);
      await who.chat.nextBotMessage(WAIT);
      await who.chat.sendText(who.user, as.password);
      const done = (await who.chat.nextBotMessage(WAIT)).text ?? '';
      if (!done.startsWith('Signed in')) throw new Error(`Signing in failed: ${done}`);
      return who;
    },
    async linkClient(clientId, staff, { languageCode } = {}) {
      const who = await person(languageCode);
      const { status, body } = await api(staff, 'POST', `/api/telegram/client/${clientId}/generate-link`);
      if (status !== 200) throw new Error(`generate-link answered ${status}: ${JSON.stringify(body)}`);
      await open(who, body.token);
      return who;
    },
    async linkedClients(count, staff) {
      // Many at once: each person starts the bot (so that it may write to them) and the link is
      // written as the linking flow writes it; linkClient covers the flow itself. Drawing 30 QR
      // codes through the API took over a minute on a busy machine.
      const linked: { clientId: string; person: Person }[] = [];
      for (let start = 0; start < count; start += 10) {
        linked.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(10, count - start) }, async () => {
              const client = await factory.customer({ organizationId: staff.organizationId });
              const who = await person();
              await who.chat.sendCommand(who.user, 'start');
              await who.chat.nextBotMessage(WAIT);
              await db.query(
                `INSERT INTO client_telegram (organization_id, client_id, telegram_user_id, linked_at, enabled)
                 VALUES ($1, $2, $3, now(), true)`,
                [staff.organizationId, client.id, who.user.id],
              );
              return { clientId: client.id, person: who };
            }),
          )),
        );
      }
      return linked;
    },
    close: async () => {
      await t.close();
      await sandbox.close();
    },
  };
  return kit;
}

/** Polls `probe` until it returns a value (not undefined), failing after `withinMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, withinMs = 20_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within ${withinMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}
