import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { validateUpdate } from '../../src/sandbox/bot-api/update-validator';
import { eventually } from './support/eventually';
import { Harness, Json, expectError, expectOk, startHarness } from './support/sandbox-harness';
import { WebhookReceiver } from './support/webhook-receiver';

describe('getUpdates and webhooks', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let webhookUrl: string;

  beforeAll(async () => {
    h = await startHarness({
      limits: { enabled: false },
      webhook: { retryBaseMs: 20, retryMaxMs: 100, timeoutMs: 300 },
    });
  });

  beforeEach(async () => {
    receiver = new WebhookReceiver();
    webhookUrl = await receiver.start();
  });

  afterEach(() => receiver.close());
  afterAll(() => h.close());

  async function botWithChat(
    username: string,
  ): Promise<{ bot: SandboxBotHandle; user: SandboxUserHandle; chat: SandboxChat }> {
    const bot = await h.client.createBot({ username });
    const user = await h.client.createUser({ firstName: 'Alice' });
    return { bot, user, chat: await user.privateChat(bot) };
  }

  it('long-polls getUpdates, keeps updates until confirmed by offset, and increases update_id by one', async () => {
    const { bot, user, chat } = await botWithChat('poll_one_bot');
    const waiting = h.call(bot.token, 'getUpdates', { timeout: 10 });
    await chat.sendCommand(user, 'start');
    const [first] = expectOk(await waiting);
    expect(first.message).toMatchObject({ text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    expect(validateUpdate(first)).toEqual([]);
    await chat.sendText(user, 'second');
    const both = expectOk(await h.call(bot.token, 'getUpdates', {}));
    expect(both.map((u: Json) => u.update_id)).toEqual([first.update_id, first.update_id + 1]);
    const rest = expectOk(await h.call(bot.token, 'getUpdates', { offset: first.update_id + 1 }));
    expect(rest.map((u: Json) => u.message.text)).toEqual(['second']);
    expect(expectOk(await h.call(bot.token, 'getUpdates', { offset: first.update_id + 2 }))).toEqual([]);
    expect(expectOk(await h.call(bot.token, 'getWebhookInfo')).pending_update_count).toBe(0);
  });

  it('ends a waiting getUpdates with 409 when another one starts', async () => {
    const { bot } = await botWithChat('poll_two_bot');
    const first = h.call(bot.token, 'getUpdates', { timeout: 10 });
    await eventually(async () => {
      const state = await fetch(`${h.sandbox.url}/sandbox/api/state`).then((r) => r.json() as Promise<Json>);
      expect(state.bots.find((b: Json) => b.id === bot.id).polling).toBe(true);
    });
    const second = h.call(bot.token, 'getUpdates', { timeout: 0 });
    expectError(
      await first,
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    expect(expectOk(await second)).toEqual([]);
  });

  it('refuses getUpdates while a webhook is set, and delivers with the secret token header', async () => {
    const { bot, user, chat } = await botWithChat('hook_one_bot');
    const set = await h.call(bot.token, 'setWebhook', { url: webhookUrl, secret_token: 'S3cret_token-1' });
    expect(set.body).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    expectError(
      await h.call(bot.token, 'getUpdates', {}),
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    await chat.sendCommand(user, 'start');
    const [hook] = await receiver.waitFor(1);
    expect(hook.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_token-1');
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.body.message.text).toBe('/start');
    const info = await eventually(async () => {
      const current = expectOk(await h.call(bot.token, 'getWebhookInfo'));
      expect(current.pending_update_count).toBe(0);
      return current;
    });
    expect(info).toEqual({
      url: webhookUrl,
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 40,
    });
  });

  it('retries a non-2xx delivery with backoff and reports it in getWebhookInfo', async () => {
    const { bot, user, chat } = await botWithChat('hook_two_bot');
    receiver.answerWith({ status: 500 }, { status: 502 });
    expectOk(await h.call(bot.token, 'setWebhook', { url: webhookUrl }));
    await chat.sendText(user, 'keep trying');
    const hooks = await receiver.waitFor(3);
    expect(hooks.map((x) => x.body.update_id)).toEqual(Array(3).fill(hooks[0].body.update_id));
    const info = await eventually(async () => {
      const current = expectOk(await h.call(bot.token, 'getWebhookInfo'));
      expect(current.pending_update_count).toBe(0);
      return current;
    });
    expect(info).toMatchObject({
      last_error_date: expect.any(Number),
      last_error_message: 'Wrong response from the webhook: 502 Bad Gateway',
    });
  });

  it('counts pending updates while the webhook fails, keeping each chat in order', async () => {
    const { bot, user, chat } = await botWithChat('hook_three_bot');
    receiver.answerWith({ status: 500 }, { status: 500 }, { status: 500 });
    expectOk(await h.call(bot.token, 'setWebhook', { url: webhookUrl, max_connections: 5 }));
    await chat.sendText(user, 'one');
    await chat.sendText(user, 'two');
    const hooks = await receiver.waitFor(5);
    expect(hooks.map((x) => x.body.message.text)).toEqual(['one', 'one', 'one', 'one', 'two']);
  });

  it('reports a timeout and a refused connection', async () => {
    const { bot, user, chat } = await botWithChat('hook_four_bot');
    receiver.answerWith({ status: 200, delayMs: 1000 });
    expectOk(await h.call(bot.token, 'setWebhook', { url: webhookUrl }));
    await chat.sendText(user, 'slow');
    await receiver.waitFor(2);
    const info = expectOk(await h.call(bot.token, 'getWebhookInfo'));
    expect(info.last_error_message).toBe('Read timeout expired');

    const closed = new WebhookReceiver();
    const closedUrl = await closed.start();
    await closed.close();
    const other = await botWithChat('hook_five_bot');
    expectOk(await h.call(other.bot.token, 'setWebhook', { url: closedUrl }));
    await other.chat.sendText(other.user, 'nobody home');
    await eventually(async () =>
      expect(expectOk(await h.call(other.bot.token, 'getWebhookInfo'))).toMatchObject({
        pending_update_count: 1,
        last_error_message: 'Connection refused',
      }),
    );
    expectOk(await h.call(other.bot.token, 'deleteWebhook', {}));
    expect(expectOk(await h.call(other.bot.token, 'getUpdates', {}))[0].message.text).toBe('nobody home');
  });

  it('runs a Bot API call returned as the webhook answer', async () => {
    const { bot, user, chat } = await botWithChat('hook_six_bot');
    receiver.answerWith((hook) => ({
      status: 200,
      body: { method: 'sendMessage', chat_id: hook.body.message.chat.id, text: 'Answered in the webhook reply' },
    }));
    expectOk(await h.call(bot.token, 'setWebhook', { url: webhookUrl }));
    await chat.sendCommand(user, 'start');
    expect((await chat.nextBotMessage()).text).toBe('Answered in the webhook reply');
  });

  it('filters by allowed_updates and checks setWebhook parameters', async () => {
    const { bot, user, chat } = await botWithChat('hook_seven_bot');
    expectOk(await h.call(bot.token, 'setWebhook', { url: webhookUrl, allowed_updates: ['callback_query'] }));
    await chat.sendText(user, 'not delivered');
    expect(expectOk(await h.call(bot.token, 'getWebhookInfo'))).toMatchObject({
      pending_update_count: 0,
      allowed_updates: ['callback_query'],
    });
    expectError(
      await h.call(bot.token, 'setWebhook', { url: webhookUrl, secret_token: 'has spaces' }),
      400,
      'Bad Request: bad webhook: secret token contains unallowed characters',
    );
    expectError(
      await h.call(bot.token, 'setWebhook', { url: 'ftp://example.com/hook' }),
      400,
      'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    );
    expect((await h.call(bot.token, 'setWebhook', { url: '' })).body.description).toBe('Webhook was deleted');
    expect((await h.call(bot.token, 'deleteWebhook', {})).body.description).toBe('Webhook is already deleted');
    expect(expectOk(await h.call(bot.token, 'getWebhookInfo'))).toEqual({
      url: '',
      has_custom_certificate: false,
      pending_update_count: 0,
    });
  });
});
