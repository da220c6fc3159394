import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { SANDBOX_BOT_USERNAME } from '../../src/bootstrap';
import { findFreePort } from '../../src/core/local-stack/free-port';
import { DemoSeedService, SeedLogin } from '../../src/modules/crm/seed/demo-seed.service';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { readJson, startTestApp, TestApp } from '../support/test-app';

// Debian's chromium, as root in CI: these flags keep it headless and off the (closed) network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A newcomer in local mode (the app plays Telegram itself): the demo customer links their Telegram
// on /sandbox/link, then the demo employee writes to them.
describe('the linking page in local mode, in a real browser', () => {
  let t: TestApp;
  let sandbox: SandboxClient;
  let logins: Record<string, SeedLogin>;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const port = await findFreePort();
    t = await startTestApp({ APP_ROLE: 'all', PORT: String(port) });
    sandbox = new SandboxClient(t.baseUrl);
    const seed = await t.app.get(DemoSeedService).seedDemo();
    logins = Object.fromEntries(seed.logins.map((l) => [l.role, l]));
    userDataDir = mkdtempSync(join(tmpdir(), 'link-page-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  async function signIn(login: SeedLogin): Promise<void> {
    await page.locator('#email').fill(login.email);
    await page.locator('#password').fill(login.password!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('#whoami', { hasText: `Signed in as ${login.name}` }).waitFor();
  }

  it('lists the linking routes in the OpenAPI document', async () => {
    const doc = await readJson(t.request('/api/docs/json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/telegram/user/generate-link',
        '/api/telegram/user/status',
        '/api/telegram/user/disconnect',
        '/api/telegram/client/generate-link',
        '/api/telegram/client/status',
        '/api/telegram/client/disconnect',
        '/api/telegram/client/{clientId}/generate-link',
        '/api/telegram/client/{clientId}/send-message',
      ]),
    );
  });

  it('links the demo customer by QR code, then the demo employee writes to them', async () => {
    await page.goto(`${t.baseUrl}/sandbox/link`);
    await signIn(logins.customer);
    await page.locator('#status', { hasText: 'not connected' }).waitFor();
    await page.getByRole('button', { name: 'Generate link' }).click();
    const qr = page.locator('#qr-img');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.locator('#url').textContent()).toMatch(
      new RegExp(`^https://t\\.me/${SANDBOX_BOT_USERNAME}\\?start=c_[A-Za-z0-9_-]{43}$`),
    );

    // Clicking the QR code opens the sandbox chat, where the new user has sent /start <token>.
    const [chatPage] = await Promise.all([context.waitForEvent('page'), qr.click()]);
    expect(chatPage.url()).toBe(`${t.baseUrl}/sandbox`);
    await page.locator('#status.on', { hasText: 'connected' }).waitFor();
    const state = (await readJson(t.request('/sandbox/api/state'))) as { chats: Array<{ key: string }> };
    const chatKey = state.chats[0].key;
    const greeting = await sandbox.waitForEvent(
      (e) =>
        e.type === 'message.new' &&
        e.chatKey === chatKey &&
        /now linked/.test(String((e.message as { text?: string }).text)),
      { after: 0, timeoutMs: 15_000 },
    );
    expect((greeting.message as { text: string }).text).toContain(`Hi ${logins.customer.name}!`);
    await chatPage.close();

    // The demo employee picks the client and writes.
    const customerId = (
      await readJson(
        t.request('/api/auth/login', {
          method: 'POST',
          json: { email: logins.customer.email, password: logins.customer.password },
        }),
      )
    ).user.customerId as string;
    await signIn(logins.employee);
    await page.locator('#target').selectOption(`client:${customerId}`);
    await page.locator('#status.on', { hasText: 'connected' }).waitFor();
    await page.locator('#text').fill('Your invoice is ready.');
    await page.getByRole('button', { name: "Send to the client's Telegram" }).click();
    await page.locator('#sent', { hasText: 'Delivered' }).waitFor();
    const messages = await sandbox.messages(chatKey);
    expect(messages.at(-1)?.text).toBe(`${logins.employee.name} · Demo Company\n\nYour invoice is ready.`);
  });
});
