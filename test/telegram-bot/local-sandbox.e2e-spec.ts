import { SANDBOX_BOT_USERNAME } from '../../src/bootstrap';
import { findFreePort } from '../../src/core/local-stack/free-port';
import { TelegramConnection } from '../../src/core/telegram/telegram-connection';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { startTestApp, TestApp } from '../support/test-app';

// Local mode: no bot token, so the app serves the sandbox itself and its bot lives there;
// updates go through polling, the inbox and the workers like in production.
describe('local mode with the in-process Telegram sandbox', () => {
  let t: TestApp;
  let sandbox: SandboxClient;
  let bot: SandboxBotHandle;

  beforeAll(async () => {
    const port = await findFreePort();
    t = await startTestApp({ APP_ROLE: 'all', PORT: String(port) });
    const connection = t.app.get(TelegramConnection);
    sandbox = new SandboxClient(t.baseUrl);
    bot = new SandboxBotHandle(
      { id: connection.botId, username: SANDBOX_BOT_USERNAME, firstName: 'CRM Assistant', token: connection.token },
      sandbox.apiRoot,
    );
  });
  afterAll(() => t.close());

  it('serves the chat page at /sandbox', async () => {
    const page = await t.request('/sandbox');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('answers /start in a private chat, with the user name escaped and in bold', async () => {
    const user = await sandbox.createUser({ firstName: 'Ann <3' });
    const chat = await user.privateChat(bot);
    await chat.sendCommand(user, 'start');
    const reply = await chat.nextBotMessage({ timeoutMs: 15_000 });
    expect(reply.text).toContain('Hi Ann <3! I am the CRM assistant.');
    expect(reply.entities).toEqual(expect.arrayContaining([{ type: 'bold', offset: 3, length: 6 }]));
  });

  it('records every update in the inbox as handled', async () => {
    const user = await sandbox.createUser({ firstName: 'Ben' });
    const chat = await user.privateChat(bot);
    await chat.sendCommand(user, 'help');
    const reply = await chat.nextBotMessage({ timeoutMs: 15_000 });
    expect(reply.text).toContain('/help');
    const rows = await t.request('/metrics').then((r) => r.text());
    expect(rows).toMatch(/telegram_updates_handled_total\{outcome="handled"\} [1-9]/);
  });
});
