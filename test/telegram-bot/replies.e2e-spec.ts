import { ReplyService } from '../../src/modules/telegram-bot/replies/reply.service';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { RunningSandbox, startSandboxServer } from '../../src/sandbox/sandbox-server';
import { startTestApp, TestApp } from '../support/test-app';

// The app talks to a sandbox on its own port exactly as it would to Telegram.
describe('replies through the strict sandbox', () => {
  let sandbox: RunningSandbox;
  let client: SandboxClient;
  let t: TestApp;
  let bot: SandboxBotHandle;

  beforeAll(async () => {
    sandbox = await startSandboxServer();
    client = new SandboxClient(sandbox.url);
    bot = await client.createBot({ username: 'replies_test_bot' });
    t = await startTestApp({ TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_API_ROOT: sandbox.url });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });

  it('delivers a 10,000-character reply as 3 well-formed messages, keyboard on the last', async () => {
    const user = await client.createUser({ firstName: 'Lena' });
    const chat = await user.privateChat(bot);
    // As on Telegram, a bot can write to a user only after the user started it.
    await chat.sendCommand(user, 'start');
    const paragraph = `<b>Deal</b> &amp; ${'details '.repeat(120)}`.trim();
    const html = Array.from({ length: 10 }, () => paragraph).join('\n\n');
    const sent = await t.app.get(ReplyService).sendHtml(chat.id, html, {
      reply_markup: { inline_keyboard: [[{ text: 'Open', callback_data: 'open' }]] },
    });
    expect(sent).toHaveLength(3);
    const shown = await client.messages(chat.id);
    const fromBot = shown.filter((m) => m.from?.is_bot === true);
    expect(fromBot).toHaveLength(3);
    for (const message of fromBot) {
      expect((message.text ?? '').length).toBeLessThanOrEqual(4096);
      expect(message.entities?.some((e) => e.type === 'bold')).toBe(true);
    }
    expect(fromBot.map((m) => Boolean(m.reply_markup))).toEqual([false, false, true]);
    expect(fromBot.map((m) => m.text).join('\n\n').length).toBe(
      10 * ('Deal & '.length + 'details '.repeat(120).trim().length) + 9 * 2,
    );
  });
});
