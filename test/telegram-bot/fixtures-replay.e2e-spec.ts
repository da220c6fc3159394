import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { WebhookSecretService } from '../../src/modules/telegram-bot/webhook/webhook-secret.service';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { RunningSandbox, startSandboxServer } from '../../src/sandbox/sandbox-server';
import { startTestApp, TestApp } from '../support/test-app';

const FIXTURES = join(__dirname, '..', 'fixtures', 'telegram', 'updates');

// Every kind of update Telegram can send (real-shaped payloads) goes through the webhook, the
// inbox and the bot's handlers without an unhandled error.
describe('replaying real update payloads through the webhook', () => {
  let sandbox: RunningSandbox;
  let t: TestApp;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    const bot = await new SandboxClient(sandbox.url).createBot({ username: 'acme_crm_bot' });
    t = await startTestApp({
      APP_ROLE: 'all',
      TELEGRAM_BOT_TOKEN: bot.token,
      TELEGRAM_API_ROOT: sandbox.url,
      TELEGRAM_MODE: 'webhook',
    });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });

  it('stores and handles all of them', async () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(32);
    const secret = t.app.get(WebhookSecretService).value;
    for (const file of files) {
      const res = await t.request('/api/telegram/webhook', {
        method: 'POST',
        body: readFileSync(join(FIXTURES, file), 'utf8'),
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      });
      expect({ file, status: res.status }).toEqual({ file, status: 200 });
    }
    const db = t.app.get(DataSource);
    const deadline = Date.now() + 60_000;
    let rows: { update_id: string; status: string; last_error: string | null }[] = [];
    while (Date.now() < deadline) {
      rows = await db.query('SELECT update_id, status, last_error FROM telegram_updates ORDER BY update_id');
      if (rows.length === 32 && rows.every((r) => r.status === 'handled' || r.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows.filter((r) => r.status !== 'handled')).toEqual([]);
    expect(rows).toHaveLength(32);

    // The bot's membership changes are recorded on the chat.
    const chats: { chat_id: string; type: string; title: string | null; bot_status: string | null }[] = await db.query(
      'SELECT chat_id, type, title, bot_status FROM telegram_bot_chats ORDER BY chat_id',
    );
    expect(chats).toEqual(
      expect.arrayContaining([
        { chat_id: '-4829301756', type: 'group', title: 'Acme Sales Team', bot_status: 'member' },
        expect.objectContaining({ chat_id: '-1002231456789', type: 'supergroup', title: 'Acme Support' }),
      ]),
    );
    const blocked = chats.find((c) => c.type === 'private' && c.bot_status === 'kicked');
    expect(blocked).toBeDefined();
  }, 90_000);
});
