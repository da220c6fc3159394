import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { Harness, Json, expectError, expectOk, startHarness } from './support/sandbox-harness';

describe('sendMessage', () => {
  let h: Harness;
  let bot: SandboxBotHandle;
  let alice: SandboxUserHandle;
  let chat: SandboxChat;
  const send = (params: Record<string, unknown>) => h.call(bot.token, 'sendMessage', { chat_id: alice.id, ...params });

  beforeAll(async () => {
    h = await startHarness({ limits: { enabled: false } });
    bot = await h.client.createBot({ username: 'acme_crm_bot' });
    alice = await h.client.createUser({ firstName: 'Alice', username: 'alice_morgan' });
    chat = await alice.privateChat(bot);
    await chat.sendCommand(alice, 'start');
  });

  afterAll(() => h.close());

  it('posts a plain text message the chat shows, with entities Telegram finds by itself', async () => {
    const message = expectOk(await send({ text: 'See https://crm.example.com/deals/1 or /help, @alice_morgan' }));
    expect(message).toMatchObject({
      message_id: expect.any(Number),
      from: { id: bot.id, is_bot: true, username: 'acme_crm_bot' },
      chat: { id: alice.id, type: 'private', first_name: 'Alice' },
      date: expect.any(Number),
      entities: [
        { type: 'url', offset: 4, length: 31 },
        { type: 'bot_command', offset: 39, length: 5 },
        { type: 'mention', offset: 46, length: 13 },
      ],
    });
    expect((await chat.messages()).at(-1)).toEqual(message);
  });

  it('parses HTML into entities with UTF-16 offsets', async () => {
    const message = expectOk(
      await send({
        text: '😀 <b>Deal <i>A-1042</i></b> &amp; <a href="https://crm.example.com/d/1">link</a> <code>x&lt;y</code>\n<pre><code class="language-ts">let a = 1;</code></pre><tg-spoiler>s</tg-spoiler> <blockquote expandable>q</blockquote>',
        parse_mode: 'HTML',
      }),
    );
    expect(message.text).toBe('😀 Deal A-1042 & link x<y\nlet a = 1;s q');
    expect(message.entities).toEqual([
      { type: 'bold', offset: 3, length: 11 },
      { type: 'italic', offset: 8, length: 6 },
      { type: 'text_link', offset: 17, length: 4, url: 'https://crm.example.com/d/1' },
      { type: 'code', offset: 22, length: 3 },
      { type: 'pre', offset: 26, length: 10, language: 'ts' },
      { type: 'spoiler', offset: 36, length: 1 },
      { type: 'expandable_blockquote', offset: 38, length: 1 },
    ]);
  });

  it.each([
    ['<b>bold', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ['<br>', 'Unsupported start tag "br" at byte offset 0'],
    ['a < b', 'Unsupported start tag "" at byte offset 2'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ['<a href="x"', 'Unclosed start tag at byte offset 0'],
  ])('rejects unparsable HTML %p', async (text, problem) => {
    expectError(await send({ text, parse_mode: 'HTML' }), 400, `Bad Request: can't parse entities: ${problem}`);
  });

  it('keeps the limits of 1-4096 characters after entity parsing', async () => {
    expectError(await send({ text: '' }), 400, 'Bad Request: message text is empty');
    expectError(await send({ text: '<b> </b>', parse_mode: 'HTML' }), 400, 'Bad Request: message text is empty');
    expectError(await send({ text: 'x'.repeat(4097) }), 400, 'Bad Request: message is too long');
    expect(expectOk(await send({ text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' })).text).toHaveLength(4096);
    expectError(await send({ text: 'x', parse_mode: 'Markdown2' }), 400, 'Bad Request: unsupported parse_mode');
  });

  it('takes explicit entities instead of a parse mode', async () => {
    const message = expectOk(await send({ text: 'Hello there', entities: [{ type: 'bold', offset: 0, length: 5 }] }));
    expect(message.entities).toEqual([{ type: 'bold', offset: 0, length: 5 }]);
  });

  it('shows inline keyboards on the message and checks their buttons', async () => {
    const keyboard = {
      inline_keyboard: [
        [{ text: '✅ Won', callback_data: 'deal:1042:won' }],
        [{ text: 'Open', url: 'https://crm.example.com' }],
      ],
    };
    expect(expectOk(await send({ text: 'Deal', reply_markup: keyboard })).reply_markup).toEqual(keyboard);
    const button = (b: Record<string, unknown>) =>
      send({ text: 'x', reply_markup: { inline_keyboard: [[{ text: 'b', ...b }]] } });
    expectError(await button({ callback_data: 'é'.repeat(33) }), 400, 'Bad Request: BUTTON_DATA_INVALID');
    expectError(await button({ callback_data: '' }), 400, 'Bad Request: BUTTON_DATA_INVALID');
    expectError(
      await button({}),
      400,
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expectError(await button({ url: 'not a url' }), 400, 'Bad Request: BUTTON_URL_INVALID');
  });

  it('sets, then removes, the reply keyboard of the chat', async () => {
    const keyboard = { keyboard: [[{ text: 'Share phone', request_contact: true }]], one_time_keyboard: true };
    const sent = expectOk(await send({ text: 'Your phone?', reply_markup: keyboard }));
    expect(sent.reply_markup).toBeUndefined();
    expect((await h.client.messages(chat)).length).toBeGreaterThan(0);
    const summary = await fetch(`${h.sandbox.url}/sandbox/api/chats/${chat.key}`).then(
      (r) => r.json() as Promise<Json>,
    );
    expect(summary.replyKeyboard).toEqual(keyboard);
    expectOk(await send({ text: 'Thanks', reply_markup: { remove_keyboard: true } }));
    const after = await fetch(`${h.sandbox.url}/sandbox/api/chats/${chat.key}`).then((r) => r.json() as Promise<Json>);
    expect(after.replyKeyboard).toBeUndefined();
    expectOk(await send({ text: 'Reply to me', reply_markup: { force_reply: true, input_field_placeholder: 'Name' } }));
  });

  it('replies to a message, and refuses a reply to one that does not exist', async () => {
    const question = await chat.sendText(alice, 'What is my balance?');
    const answer = expectOk(await send({ text: '€12,400', reply_parameters: { message_id: question.message_id } }));
    expect(answer.reply_to_message).toEqual(question);
    expectError(
      await send({ text: 'x', reply_parameters: { message_id: 99999 } }),
      400,
      'Bad Request: message to be replied not found',
    );
    const loose = expectOk(
      await send({ text: 'x', reply_parameters: { message_id: 99999, allow_sending_without_reply: true } }),
    );
    expect(loose.reply_to_message).toBeUndefined();
  });

  it('keeps link_preview_options on the message', async () => {
    const message = expectOk(
      await send({ text: 'https://crm.example.com', link_preview_options: { is_disabled: true } }),
    );
    expect(message.link_preview_options).toEqual({ is_disabled: true });
  });

  it('answers chat not found, or Forbidden when the user blocked the bot', async () => {
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: 123456789, text: 'x' }),
      400,
      'Bad Request: chat not found',
    );
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: '@nobody_here', text: 'x' }),
      400,
      'Bad Request: chat not found',
    );
    const ben = await h.client.createUser({ firstName: 'Ben' });
    const benChat = await ben.privateChat(bot);
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: ben.id, text: 'x' }),
      400,
      'Bad Request: chat not found',
    );
    await benChat.sendCommand(ben, 'start');
    await benChat.blockBot();
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: ben.id, text: 'x' }),
      403,
      'Forbidden: bot was blocked by the user',
    );
    await benChat.sendText(ben, 'back again');
    expectOk(await h.call(bot.token, 'sendMessage', { chat_id: ben.id, text: 'welcome back' }));
  });

  it('refuses to start a conversation with a user it only knows from a group', async () => {
    const dima = await h.client.createUser({ firstName: 'Дмитрий' });
    const group = await h.client.createGroup({ title: 'Acme Sales Team', creator: dima });
    await group.addBot(bot);
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: dima.id, text: 'x' }),
      403,
      "Forbidden: bot can't initiate conversation with a user",
    );
  });

  it('posts into forum topics and rejects unknown threads', async () => {
    const priya = await h.client.createUser({ firstName: 'Priya' });
    const forum = await h.client.createSupergroup({ title: 'Acme Support', creator: priya, forum: true });
    await forum.addBot(bot);
    const threadId = await forum.createTopic(priya, 'Billing');
    const posted = expectOk(
      await h.call(bot.token, 'sendMessage', { chat_id: forum.id, message_thread_id: threadId, text: 'In topic' }),
    );
    expect(posted).toMatchObject({
      message_thread_id: threadId,
      is_topic_message: true,
      chat: { id: forum.id, type: 'supergroup', is_forum: true },
      reply_to_message: { message_id: threadId, forum_topic_created: { name: 'Billing' } },
    });
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: forum.id, message_thread_id: 424242, text: 'x' }),
      400,
      'Bad Request: message thread not found',
    );
  });

  it('answers Forbidden after the bot was removed from a group', async () => {
    const owner = await h.client.createUser({ firstName: 'Owner' });
    const group = await h.client.createGroup({ title: 'Team', creator: owner });
    await group.addBot(bot);
    expectOk(await h.call(bot.token, 'sendMessage', { chat_id: group.id, text: 'hello group' }));
    await group.removeBot(bot);
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: group.id, text: 'x' }),
      403,
      'Forbidden: bot is not a member of the group chat',
    );
    const supergroup = await h.client.createSupergroup({ title: 'Big team', creator: owner });
    await supergroup.addBot(bot);
    await supergroup.removeBot(bot);
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: supergroup.id, text: 'x' }),
      403,
      'Forbidden: bot was kicked from the supergroup chat',
    );
  });
});
