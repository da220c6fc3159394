import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { Harness, expectOk, startHarness } from './support/sandbox-harness';
import { buildStubBot, startStubBot } from './support/stub-bot';

describe('a telegraf bot against the sandbox', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(() => h.close());

  it('talks with a user over long polling: reply, button, callback answer, edit', async () => {
    const bot = await h.client.createBot({ username: 'acme_crm_bot' });
    const stub = await startStubBot(bot);
    try {
      const alice = await h.client.createUser({ firstName: 'Alice' });
      const chat = await alice.privateChat(bot);
      await chat.sendCommand(alice, 'start');
      const reply = await chat.nextBotMessage();
      expect(reply).toMatchObject({
        text: 'Hello, Alice! Your deal is ready.',
        entities: [{ type: 'bold', offset: 7, length: 5 }],
        reply_markup: { inline_keyboard: [[{ text: 'Mark as won', callback_data: 'deal:won' }]] },
      });
      const press = await chat.pressButton(reply, 'deal:won');
      expect(await press.answer()).toMatchObject({ text: 'Marked as won' });
      const edited = await chat.nextEdit({ message: reply });
      expect(edited).toMatchObject({ text: 'Deal won ✅', entities: [{ type: 'bold', offset: 5, length: 3 }] });
      expect(edited.reply_markup).toBeUndefined();
      expect(stub.errors).toEqual([]);
    } finally {
      await stub.stop();
    }
  });

  it('shares a contact through a reply keyboard and gets the keyboard removed', async () => {
    const bot = await h.client.createBot({ username: 'contact_form_bot' });
    const stub = await startStubBot(bot);
    try {
      const ben = await h.client.createUser({ firstName: 'Ben', phoneNumber: '447700900123' });
      const chat = await ben.privateChat(bot);
      await chat.sendCommand(ben, 'menu');
      expect((await chat.nextBotMessage()).text).toBe('Pick one');
      expect((await chat.commands(ben))[0].commands).toEqual([
        { command: 'start', description: 'Start over' },
        { command: 'menu', description: 'Show the menu' },
      ]);
      const shared = await chat.shareContact(ben);
      expect(shared.contact).toEqual({ phone_number: '447700900123', first_name: 'Ben', user_id: ben.id });
      expect((await chat.nextBotMessage()).text).toBe('Thanks, 447700900123');
    } finally {
      await stub.stop();
    }
  });

  it('works by webhook, including telegraf answering inside the webhook response', async () => {
    const bot: SandboxBotHandle = await h.client.createBot({ username: 'webhook_stub_bot' });
    const telegraf = buildStubBot(bot);
    const server: Server = createServer(
      telegraf.webhookCallback('/hook', { secretToken: 'stub_secret' }) as Parameters<typeof createServer>[0],
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      expectOk(await h.call(bot.token, 'setWebhook', { url, secret_token: 'stub_secret' }));
      const lucas = await h.client.createUser({ firstName: 'Lucas' });
      const chat = await lucas.privateChat(bot);
      await chat.sendCommand(lucas, 'start');
      const reply = await chat.nextBotMessage();
      expect(reply.text).toBe('Hello, Lucas! Your deal is ready.');
      // The first reply travelled in the webhook's HTTP answer: Telegram (here, the sandbox) ran it.
      const calls = await h.client.calls({ method: 'sendMessage', botId: bot.id });
      expect(calls).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
