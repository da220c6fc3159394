import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { EMULATED_METHODS } from '../../src/sandbox/bot-api/bot-api-dispatcher';
import { loadBotApiSpec } from '../../src/sandbox/bot-api/bot-api-spec';
import { Harness, Json, expectError, expectOk, startHarness } from './support/sandbox-harness';

describe('Bot API requests (URLs, tokens, methods, parameters)', () => {
  let h: Harness;
  let bot: SandboxBotHandle;
  let alice: SandboxUserHandle;
  let chat: SandboxChat;

  beforeAll(async () => {
    h = await startHarness({ limits: { enabled: false } });
    bot = await h.client.createBot({ username: 'acme_crm_bot', firstName: 'Acme CRM' });
    alice = await h.client.createUser({ firstName: 'Alice', lastName: 'Morgan', username: 'alice_morgan' });
    chat = await alice.privateChat(bot);
    await chat.sendCommand(alice, 'start');
  });

  afterAll(() => h.close());

  it('emulates exactly the methods of issue 5, each one named in the Bot API description', () => {
    const spec = loadBotApiSpec();
    expect(Object.keys(EMULATED_METHODS).sort()).toEqual(
      [
        'answerCallbackQuery',
        'deleteMessage',
        'deleteMyCommands',
        'deleteWebhook',
        'editMessageReplyMarkup',
        'editMessageText',
        'getChat',
        'getChatAdministrators',
        'getChatMember',
        'getFile',
        'getMe',
        'getMyCommands',
        'getUpdates',
        'getWebhookInfo',
        'leaveChat',
        'sendChatAction',
        'sendDocument',
        'sendMessage',
        'sendPhoto',
        'setMyCommands',
        'setWebhook',
      ].sort(),
    );
    for (const [name, definition] of Object.entries(EMULATED_METHODS)) {
      const known = (spec.methods[name].fields ?? []).map((f) => f.name);
      expect(definition.params.filter((param) => !known.includes(param))).toEqual([]);
    }
  });

  it('answers getMe with the bot user, over POST and GET, with a case-insensitive method name', async () => {
    const me = expectOk(await h.call(bot.token, 'getMe'));
    expect(me).toMatchObject({ id: bot.id, is_bot: true, first_name: 'Acme CRM', username: 'acme_crm_bot' });
    expect(expectOk(await h.call(bot.token, 'getme', {}, 'query'))).toEqual(me);
  });

  it('answers 401 for an unknown token and 404 for a malformed one or an unknown method', async () => {
    expectError(await h.call('123456:AAAbbbCCC', 'getMe'), 401, 'Unauthorized');
    expectError(await h.call('not-a-token', 'getMe'), 404, 'Not Found');
    expectError(await h.call(bot.token, 'sendMessages'), 404, 'Not Found');
  });

  it('fails a method of the Bot API that the sandbox does not emulate, never a silent ok', async () => {
    expectError(await h.call(bot.token, 'sendPoll', { chat_id: alice.id }), 501, /does not emulate method sendPoll/);
  });

  it('rejects unknown parameters, missing ones and wrong types with Telegram-style texts', async () => {
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: alice.id, text: 'x', reply_to: 1 }),
      400,
      'Bad Request: unknown parameter "reply_to" of method sendMessage',
    );
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: alice.id }),
      400,
      'Bad Request: message text is empty',
    );
    expectError(await h.call(bot.token, 'sendMessage', { text: 'x' }), 400, 'Bad Request: chat_id is empty');
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: alice.id, text: 'x', disable_notification: 'maybe' }),
      400,
      'Bad Request: field "disable_notification" must be of type Boolean',
    );
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: alice.id, text: 'x', reply_markup: '{not json' }),
      400,
      "Bad Request: can't parse reply keyboard markup JSON object",
    );
    expectError(
      await h.call(bot.token, 'sendMessage', {
        chat_id: alice.id,
        text: 'x',
        reply_markup: { inline_keyboard: [[{ text: 1, callback_data: 'a' }]] },
      }),
      400,
      /^Bad Request: can't parse reply keyboard markup JSON object: Field "text" must be of type String/,
    );
    expectError(
      await h.call(bot.token, 'sendMessage', {
        chat_id: alice.id,
        text: 'x',
        reply_markup: { inline_keyboard: [[{ text: 'a', callbackData: 'a' }]] },
      }),
      400,
      /Unknown field "callbackData"/,
    );
  });

  it('fails a parameter of the spec that the sandbox does not emulate', async () => {
    expectError(
      await h.call(bot.token, 'sendMessage', {
        chat_id: alice.id,
        text: 'x',
        message_effect_id: '5104841245755180586',
      }),
      501,
      /parameter "message_effect_id" of sendMessage/,
    );
  });

  it.each(['json', 'form', 'query', 'multipart'] as const)('reads parameters sent as %s', async (encoding) => {
    const sent = expectOk(
      await h.call(
        bot.token,
        'sendMessage',
        {
          chat_id: alice.id,
          text: `via ${encoding}`,
          reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
        },
        encoding,
      ),
    );
    expect(sent).toMatchObject({
      chat: { id: alice.id, type: 'private' },
      text: `via ${encoding}`,
      reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
    });
  });

  it('reads the JSON body of a POST that also has a query string, and rejects an unreadable body', async () => {
    const response = await fetch(`${h.sandbox.url}/bot${bot.token}/sendMessage?chat_id=${alice.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'mixed' }),
    });
    expect(((await response.json()) as Json).result.text).toBe('mixed');
    const broken = await fetch(`${h.sandbox.url}/bot${bot.token}/getMe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(await broken.json()).toEqual({
      ok: false,
      error_code: 400,
      description: expect.stringMatching(/^Bad Request/),
    });
  });

  it('records every call with its parameters and outcome', async () => {
    const mark = await h.client.mark();
    await h.call(bot.token, 'sendMessage', { chat_id: alice.id, text: 'recorded' });
    await h.call(bot.token, 'sendMessage', { chat_id: 42, text: 'nowhere' });
    const calls = await h.client.calls({ method: 'sendMessage' });
    expect(calls.slice(-2)).toEqual([
      expect.objectContaining({ botId: bot.id, ok: true, params: { chat_id: alice.id, text: 'recorded' } }),
      expect.objectContaining({ ok: false, error: { error_code: 400, description: 'Bad Request: chat not found' } }),
    ]);
    const waited = await h.client.waitForCall({ method: 'sendMessage', after: mark });
    expect(waited.params.text).toBe('recorded');
  });
});
