import { INestApplication } from '@nestjs/common';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { Telegram } from 'telegraf';
import { DataSource } from 'typeorm';
import { findFreePort } from '../../src/core/local-stack/free-port';
import { RunningPostgres, startPostgres } from '../../src/core/local-stack/postgres-server';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { RunningSandbox, startSandboxServer } from '../../src/sandbox/sandbox-server';
import { createFactory, Factory, TestUser } from '../support/factories';
import { readJson, startTestApp, TestApp } from '../support/test-app';
import { testStackDir } from '../support/test-stack';

const WAIT = { timeoutMs: 20_000 };

// Webhook mode end to end: the operator points Telegram (the sandbox) at the service, updates
// arrive by webhook, and while PostgreSQL is down the webhook answers 503 so Telegram keeps them.
describe('webhook mode and the bot admin API', () => {
  let sandbox: RunningSandbox;
  let client: SandboxClient;
  let bot: SandboxBotHandle;
  let pg: RunningPostgres;
  let pgDir: string;
  let t: TestApp;
  let factory: Factory;
  let operator: TestUser;
  let webhookUrl: string;

  beforeAll(async () => {
    sandbox = await startSandboxServer({
      options: { webhook: { timeoutMs: 5000, retryBaseMs: 200, retryMaxMs: 1000 } },
    });
    client = new SandboxClient(sandbox.url);
    bot = await client.createBot({ username: 'webhook_test_bot' });
    const root = mkdtempSync(join(testStackDir(), 'webhook-pg-'));
    chmodSync(root, 0o755);
    pgDir = join(root, 'pg');
    pg = await startPostgres({ dataDir: pgDir, database: 'webhook', ephemeral: true });
    const port = await findFreePort();
    webhookUrl = `http://127.0.0.1:${port}/api/telegram/webhook`;
    t = await startTestApp({
      APP_ROLE: 'all',
      PORT: String(port),
      DATABASE_URL: pg.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: sandbox.url,
    });
    factory = createFactory(t.app as unknown as INestApplication);
    operator = await factory.user({ role: 'vendor' });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.close();
    await pg.stop();
  });

  it('lets only the operator vendor manage the bot', async () => {
    const info = await readJson(t.request('/api/telegram/bot/info', { headers: operator.headers }));
    expect(info).toMatchObject({ id: bot.id, username: 'webhook_test_bot' });
    const employee = await factory.user({ role: 'employee', organizationId: operator.organizationId });
    const otherVendor = await factory.user({ role: 'vendor' });
    for (const user of [employee, otherVendor]) {
      const res = await t.request('/api/telegram/webhook/info', { headers: user.headers });
      expect(res.status).toBe(403);
    }
    expect((await t.request('/api/telegram/webhook/info')).status).toBe(401);
  });

  it('sets the webhook with the secret token, and updates arrive through it', async () => {
    const set = await t.request('/api/telegram/webhook/set', {
      method: 'POST',
      json: { url: webhookUrl },
      headers: operator.headers,
    });
    expect(set.status).toBe(200);
    expect((await readJson(set)).url).toBe(webhookUrl);
    const user = await client.createUser({ firstName: 'Wendy' });
    const chat = await user.privateChat(bot);
    await chat.sendCommand(user, 'start');
    expect((await chat.nextBotMessage(WAIT)).text).toContain('Hi Wendy!');
    // getUpdates is refused while a webhook is set, as on Telegram.
    await expect(new Telegram(bot.token, { apiRoot: sandbox.url }).getUpdates(0, 1, 0, [])).rejects.toThrow(/409/);
  });

  it('answers 503 while PostgreSQL is down; Telegram retries and nothing is lost', async () => {
    const user = await client.createUser({ firstName: 'Otto' });
    const chat = await user.privateChat(bot);
    await chat.sendCommand(user, 'start');
    await chat.nextBotMessage(WAIT);
    // Let the worker record that update before the database goes away.
    const db = t.app.get(DataSource);
    while (Number((await db.query(`SELECT count(*) AS n FROM telegram_updates WHERE status <> 'handled'`))[0].n) > 0) {
      await new Promise((r) => setTimeout(r, 50));
    }

    const port = pg.port;
    await pg.stop();
    for (const text of ['one', 'two', 'three']) await chat.sendText(user, text);
    // The sandbox records the webhook's refusal.
    const deadline = Date.now() + 10_000;
    let info = await new Telegram(bot.token, { apiRoot: sandbox.url }).getWebhookInfo();
    while (!info.last_error_message && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      info = await new Telegram(bot.token, { apiRoot: sandbox.url }).getWebhookInfo();
    }
    expect(info.last_error_message).toMatch(/503/);
    expect(info.pending_update_count).toBeGreaterThanOrEqual(3);

    pg = await startPostgres({ dataDir: pgDir, database: 'webhook', port, ephemeral: true });
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push((await chat.nextBotMessage({ timeoutMs: 30_000 })).text);
    expect(replies).toEqual(
      Array(3).fill('You are not signed in. Send /login, or open the link from your CRM profile.'),
    );
    const after = await new Telegram(bot.token, { apiRoot: sandbox.url }).getWebhookInfo();
    expect(after.pending_update_count).toBe(0);
  }, 90_000);

  it('stores and skips the updates of a banned user until the ban is lifted', async () => {
    const user = await client.createUser({ firstName: 'Spammy' });
    const chat = await user.privateChat(bot);
    const ban = await t.request('/api/telegram/bans', {
      method: 'POST',
      json: { telegramId: String(user.id), reason: 'spam' },
      headers: operator.headers,
    });
    expect(ban.status).toBe(201);
    expect(await readJson(ban)).toMatchObject({ telegramId: String(user.id), reason: 'spam', bannedBy: operator.id });
    await chat.sendCommand(user, 'start');
    const db = t.app.get(DataSource);
    let rows: { status: string }[] = [];
    const deadline = Date.now() + 10_000;
    while (rows.length === 0 && Date.now() < deadline) {
      rows = await db.query(`SELECT status FROM telegram_updates WHERE chat_id = $1`, [user.id]);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toEqual([{ status: 'skipped' }]);

    const lifted = await t.request(`/api/telegram/bans/${user.id}`, { method: 'DELETE', headers: operator.headers });
    expect(lifted.status).toBe(204);
    expect(
      (await t.request(`/api/telegram/bans/${user.id}`, { method: 'DELETE', headers: operator.headers })).status,
    ).toBe(404);
    await chat.sendCommand(user, 'start');
    expect((await chat.nextBotMessage(WAIT)).text).toContain('Hi Spammy!');
    const bad = await t.request('/api/telegram/bans', {
      method: 'POST',
      json: { telegramId: 'abc' },
      headers: operator.headers,
    });
    expect(bad.status).toBe(400);
  });

  it('reports the integration health', async () => {
    const res = await t.request('/health/integrations/telegram');
    const body = await readJson(res);
    // No PUBLIC_URL here, so a set webhook does not match the expected one.
    expect(body.bot).toEqual({ id: bot.id, username: 'webhook_test_bot' });
    expect(body.webhook.url).toBe(webhookUrl);
    expect(res.status).toBe(503);
  });

  it('lists failed updates and retries one', async () => {
    const list = await readJson(
      t.request('/api/telegram/updates?status=handled&limit=2', { headers: operator.headers }),
    );
    expect(list.limit).toBe(2);
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((u: { status: string }) => u.status === 'handled')).toBe(true);
    const retry = await t.request(`/api/telegram/updates/${list.items[0].updateId}/retry`, {
      method: 'POST',
      headers: operator.headers,
    });
    expect(retry.status).toBe(404);
    const bad = await t.request('/api/telegram/updates?status=bogus', { headers: operator.headers });
    expect(bad.status).toBe(400);
  });
});
