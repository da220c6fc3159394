import { statSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UNHANDLED_BUTTON_TEXT } from '../../src/modules/telegram-bot/bot/answer-callbacks.middleware';
import { ReplyService } from '../../src/modules/telegram-bot/replies/reply.service';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { RunningSandbox, startSandboxServer } from '../../src/sandbox/sandbox-server';
import { createFactory, Factory, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const WAIT = { timeoutMs: 15_000 };

// The whole sign-in story as a user lives it: a strict sandbox plays Telegram, the app polls
// it and runs every update through the inbox, the workers and Telegraf.
describe('signing in from Telegram', () => {
  let sandbox: RunningSandbox;
  let client: SandboxClient;
  let bot: SandboxBotHandle;
  let t: TestApp;
  let factory: Factory;
  let vendor: TestUser;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    client = new SandboxClient(sandbox.url);
    bot = await client.createBot({ username: 'signin_test_bot' });
    t = await startTestApp({ APP_ROLE: 'all', TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_API_ROOT: sandbox.url });
    factory = createFactory(t.app as unknown as INestApplication);
    vendor = await factory.user({ role: 'vendor', name: 'Vera <Vendor>' });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });

  async function newChat(firstName: string): Promise<{ user: SandboxUserHandle; chat: SandboxChat }> {
    const user = await client.createUser({ firstName });
    const chat = await user.privateChat(bot);
    return { user, chat };
  }

  async function say(chat: SandboxChat, user: SandboxUserHandle, text: string): Promise<string> {
    await chat.sendText(user, text);
    return (await chat.nextBotMessage(WAIT)).text ?? '';
  }

  it('signs in with email and password, deletes the password, shows /me, and signs out', async () => {
    const { user, chat } = await newChat('Vera');
    expect(await say(chat, user, '/start')).toContain('Send /login to sign in');
    expect(await say(chat, user, '/login')).toContain('What is the email');
    const afterEmail = await say(chat, user, vendor.email);
    expect(afterEmail).toContain('Now your password');
    const wrong = await chat.sendText(user, 'not-the-password');
    expect((await chat.nextBotMessage(WAIT)).text).toBe(
      'Wrong email or password. 2 attempts left. Send the password again, or /cancel.',
    );
    const right = await chat.sendText(user, vendor.password);
    const signedIn = (await chat.nextBotMessage(WAIT)).text ?? '';
    expect(signedIn).toMatch(/^Signed in as Vera <Vendor> \(vendor, .+\)\. Send \/help/);

    // Neither password stays in the chat.
    const texts = (await chat.messages()).map((m) => m.text);
    expect(texts).not.toContain('not-the-password');
    expect(texts).not.toContain(vendor.password);
    expect((await chat.messages()).map((m) => m.message_id)).not.toEqual(
      expect.arrayContaining([wrong.message_id, right.message_id]),
    );

    const me = await say(chat, user, '/me');
    expect(me).toContain('Vera <Vendor>');
    expect(me).toContain(`Email: ${vendor.email}`);
    expect(me).toContain('Role: vendor');
    expect(me).toMatch(/Signed in since: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    const vendorMenu = (await chat.commands(user))[0].commands.map((c) => (c as { command: string }).command);
    expect(vendorMenu).toEqual(['deals', 'tickets', 'invoices', 'stats', 'me', 'clear', 'logout', 'help']);

    expect(await say(chat, user, '/logout')).toContain('Signed out');
    expect(await say(chat, user, '/me')).toContain('You are not signed in');
    const guestMenu = (await chat.commands(user))[0].commands.map((c) => (c as { command: string }).command);
    expect(guestMenu).toEqual(['start', 'login', 'help']);
  });

  it('takes the email with /login and gives each role its own menu', async () => {
    const employee = await factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const customer = await factory.user({ role: 'customer', organizationId: vendor.organizationId });
    const menus: Record<string, string[]> = {};
    for (const account of [employee, customer]) {
      const { user, chat } = await newChat(account.role);
      expect(await say(chat, user, `/login ${account.email}`)).toContain(`Signing in as ${account.email}`);
      expect(await say(chat, user, account.password)).toContain(`(${account.role},`);
      menus[account.role] = (await chat.commands(user))[0].commands.map((c) => (c as { command: string }).command);
    }
    expect(menus.employee).toEqual(['deals', 'tickets', 'me', 'clear', 'logout', 'help']);
    expect(menus.customer).toEqual(['tickets', 'invoices', 'me', 'clear', 'logout', 'help']);
  });

  it('locks the chat out after the third wrong password, for 15 minutes', async () => {
    const { user, chat } = await newChat('Mallory');
    await say(chat, user, `/login ${vendor.email}`);
    expect(await say(chat, user, 'guess-1')).toContain('2 attempts left');
    expect(await say(chat, user, 'guess-2')).toContain('1 attempt left');
    expect(await say(chat, user, 'guess-3')).toBe(
      'Too many wrong passwords. Sign-in from this chat is locked for 15 minutes.',
    );
    expect(await say(chat, user, '/login')).toMatch(/^Too many wrong passwords\. Try again in 1[45] minutes\.$/);
    // Even the right password is refused while locked.
    await client.advanceClock(14 * 60_000);
    expect(await say(chat, user, `/login ${vendor.email}`)).toMatch(/Try again in [12] minutes?/);
    await client.advanceClock(2 * 60_000);
    expect(await say(chat, user, `/login ${vendor.email}`)).toContain('Signing in as');
    expect(await say(chat, user, vendor.password)).toContain('Signed in as');
  });

  it('lets a pending sign-in expire after 10 minutes', async () => {
    const { user, chat } = await newChat('Slow');
    expect(await say(chat, user, '/login')).toContain('What is the email');
    await client.advanceClock(11 * 60_000);
    expect(await say(chat, user, vendor.email)).toBe('The sign-in expired (10 minutes). Send /login to start again.');
    expect(await say(chat, user, 'hello')).toContain('You are not signed in');
  });

  it('answers every button press, even one no handler knows', async () => {
    const { user, chat } = await newChat('Clicky');
    await say(chat, user, '/start');
    const [message] = await t.app.get(ReplyService).sendHtml(chat.id, 'Pick one', {
      reply_markup: { inline_keyboard: [[{ text: 'Old', callback_data: 'gone:1' }]] },
    });
    const press = await chat.pressButton(message.message_id, 'gone:1', user);
    expect((await press.answer(WAIT)).text).toBe(UNHANDLED_BUTTON_TEXT);
  });

  it('receives a photo and a document, keeps a copy, and refuses what Telegram would not let it download', async () => {
    const { user, chat } = await newChat('Filer');
    await say(chat, user, `/login ${vendor.email}`);
    await say(chat, user, vendor.password);
    const photo = await chat.sendPhoto(user);
    expect((await chat.nextBotMessage(WAIT)).text).toMatch(/^Got your photo \(\d+ (bytes|KB)\)\.$/);
    const uniqueId = (photo.photo ?? []).reduce((a, b) =>
      (b.file_size ?? 0) > (a.file_size ?? 0) ? b : a,
    ).file_unique_id;
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT kind, mime_type, stored_path FROM telegram_files WHERE file_unique_id = $1', [uniqueId]);
    expect(row.kind).toBe('photo');
    expect(statSync(join(t.config.dataDir, 'files', row.stored_path)).size).toBeGreaterThan(0);

    const pdf = Buffer.from('%PDF-1.4 quarterly report');
    await chat.sendDocument(user, { data: pdf, fileName: 'report.pdf' });
    expect((await chat.nextBotMessage(WAIT)).text).toBe(`Got report.pdf (${pdf.length} bytes).`);

    const big = Buffer.alloc(21 * 1024 * 1024, 1);
    await chat.sendDocument(user, { data: big, fileName: 'huge.bin' });
    expect((await chat.nextBotMessage(WAIT)).text).toBe(
      'huge.bin is 21.0 MB: Telegram lets bots download files of up to 20 MB. Send a smaller file or a link to it.',
    );
  });

  it('tells a group its id, and only to its admins (getChatMember)', async () => {
    const owner = await client.createUser({ firstName: 'Olga' });
    const member = await client.createUser({ firstName: 'Max' });
    const group = await client.createGroup({ title: 'Ops', creator: owner, members: [member] });
    await group.addBot(bot, { by: owner });
    await group.sendText(member, `/chatid@${bot.username}`);
    expect((await group.nextBotMessage(WAIT)).text).toBe('Only the admins of this group can ask that.');
    await group.sendText(owner, `/chatid@${bot.username}`);
    expect((await group.nextBotMessage(WAIT)).text).toBe(
      `This group's chat id is ${group.id}. Use it in the CRM to send notifications here.`,
    );
    // A command for another bot is not ours to answer.
    await group.sendText(owner, '/chatid@some_other_bot');
    await group.sendText(owner, `/help@${bot.username}`);
    expect((await group.nextBotMessage(WAIT)).text).toContain('What I can do');
  });

  it('refuses sign-in in a group', async () => {
    const owner = await client.createUser({ firstName: 'Owner' });
    const group = await client.createGroup({ title: 'Sales', creator: owner });
    await group.addBot(bot, { by: owner });
    await group.sendText(owner, `/login@${bot.username}`);
    expect((await group.nextBotMessage(WAIT)).text).toBe(
      'For your security, sign-in works only in a private chat with me.',
    );
  });
});
