import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { Harness, startHarness } from './support/sandbox-harness';
import { startStubBot } from './support/stub-bot';

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

describe('the chat page at /sandbox in a real browser', () => {
  let h: Harness;
  let stub: Awaited<ReturnType<typeof startStubBot>>;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    const bot = await h.client.createBot({ username: 'acme_crm_bot', firstName: 'Acme CRM' });
    stub = await startStubBot(bot);
    userDataDir = mkdtempSync(join(tmpdir(), 'sandbox-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1100, height: 700 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10000);
  });

  afterAll(async () => {
    await context?.close();
    await stub?.stop();
    await h?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('lets a new user send /start, see the bold reply and its button, press it, and see the answer and the edit', async () => {
    await page.goto(`${h.sandbox.url}/sandbox`);

    // With no user yet the page asks for one.
    await page.getByLabel('First name').fill('Alice');
    await page.getByLabel('Last name').fill('Morgan');
    await page.locator('#dialog-ok').click();
    await page.getByRole('button', { name: 'Chat with a bot' }).click();
    await page.locator('#dialog-ok').click();
    await page.locator('#start-button').click();

    const greeting = page.locator('.message.bot .text', { hasText: 'Hello, Alice!' });
    await greeting.waitFor();
    expect(await greeting.locator('b').textContent()).toBe('Alice');
    const button = page.locator('.message.bot .inline-keyboard button', { hasText: 'Mark as won' });
    await button.click();

    await page.locator('#toast', { hasText: 'Marked as won' }).waitFor();
    const edited = page.locator('.message.bot .text', { hasText: 'Deal won ✅' });
    await edited.waitFor();
    expect(await edited.locator('b').textContent()).toBe('won');
    expect(await page.locator('.message.bot .meta', { hasText: 'edited' }).count()).toBe(1);
    await button.waitFor({ state: 'detached' });

    // What the page shows is what the sandbox holds.
    const chats = await fetch(`${h.sandbox.url}/sandbox/api/state`).then(
      (r) => r.json() as Promise<{ chats: Array<{ key: string }> }>,
    );
    const messages = await h.client.messages(chats.chats[0].key);
    expect(messages.map((m) => m.text)).toEqual(['/start', 'Deal won ✅']);

    const screenshot = process.env.SANDBOX_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot });
  });

  it('shows the bot’s command menu and its reply keyboard, and sends a contact from it', async () => {
    // Faster than any person: let the chat's 1 message/s budget refill first.
    await h.client.advanceClock(3000);
    await page.locator('#text-input').fill('/menu');
    await page.locator('#send-button').click();
    await page.locator('.message.bot .text', { hasText: 'Pick one' }).waitFor();
    await page.locator('#menu-button').click();
    await page.locator('#command-menu button', { hasText: '/menu' }).waitFor();
    await page.locator('#menu-button').click();
    await page.locator('#reply-keyboard button', { hasText: 'Share my phone' }).click();
    await page.locator('.message.bot .text', { hasText: 'Thanks, +1555' }).waitFor();
    await page.locator('#reply-keyboard button').waitFor({ state: 'detached' });
    expect(stub.errors).toEqual([]);
  });
});
