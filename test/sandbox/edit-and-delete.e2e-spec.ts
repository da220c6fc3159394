import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { Harness, expectError, expectOk, startHarness } from './support/sandbox-harness';

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

describe('editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery', () => {
  let h: Harness;
  let bot: SandboxBotHandle;
  let alice: SandboxUserHandle;
  let chat: SandboxChat;
  const keyboard = { inline_keyboard: [[{ text: 'Won', callback_data: 'won' }]] };

  beforeAll(async () => {
    h = await startHarness({ limits: { enabled: false } });
    bot = await h.client.createBot({ username: 'acme_crm_bot' });
    alice = await h.client.createUser({ firstName: 'Alice' });
    chat = await alice.privateChat(bot);
    await chat.sendCommand(alice, 'start');
  });

  afterAll(() => h.close());

  const post = async (text = 'Deal <b>A-1042</b>') =>
    expectOk(
      await h.call(bot.token, 'sendMessage', { chat_id: alice.id, text, parse_mode: 'HTML', reply_markup: keyboard }),
    );

  it('edits the text (the keyboard goes unless sent again) and the chat shows the edit', async () => {
    const sent = await post();
    const edited = expectOk(
      await h.call(bot.token, 'editMessageText', {
        chat_id: alice.id,
        message_id: sent.message_id,
        text: 'Deal <i>won</i>',
        parse_mode: 'HTML',
      }),
    );
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Deal won', edit_date: expect.any(Number) });
    expect(edited.entities).toEqual([{ type: 'italic', offset: 5, length: 3 }]);
    expect(edited.reply_markup).toBeUndefined();
    const shown = (await chat.messages()).find((m) => m.message_id === sent.message_id);
    expect(shown).toEqual(edited);
    expect((await chat.nextEdit({ message: sent })).text).toBe('Deal won');
  });

  it('refuses an edit that changes nothing, of a message that is not there, or not the bot’s', async () => {
    const sent = await post();
    const same = { chat_id: alice.id, message_id: sent.message_id, text: 'Deal <b>A-1042</b>', parse_mode: 'HTML' };
    expectError(await h.call(bot.token, 'editMessageText', { ...same, reply_markup: keyboard }), 400, NOT_MODIFIED);
    expectOk(await h.call(bot.token, 'editMessageText', same));
    expectError(
      await h.call(bot.token, 'editMessageText', { chat_id: alice.id, message_id: 424242, text: 'x' }),
      400,
      'Bad Request: message to edit not found',
    );
    const mine = await chat.sendText(alice, 'my own words');
    expectError(
      await h.call(bot.token, 'editMessageText', { chat_id: alice.id, message_id: mine.message_id, text: 'x' }),
      400,
      "Bad Request: message can't be edited",
    );
    expectError(
      await h.call(bot.token, 'editMessageText', { chat_id: alice.id, text: 'x' }),
      400,
      'Bad Request: message identifier is not specified',
    );
    expectError(
      await h.call(bot.token, 'editMessageText', { inline_message_id: 'abc', text: 'x' }),
      501,
      /parameter "inline_message_id"/,
    );
  });

  it('edits only the keyboard, and refuses the same keyboard again', async () => {
    const sent = await post();
    const next = { inline_keyboard: [[{ text: 'Undo', callback_data: 'undo' }]] };
    const edited = expectOk(
      await h.call(bot.token, 'editMessageReplyMarkup', {
        chat_id: alice.id,
        message_id: sent.message_id,
        reply_markup: next,
      }),
    );
    expect(edited).toMatchObject({ text: 'Deal A-1042', reply_markup: next });
    expectError(
      await h.call(bot.token, 'editMessageReplyMarkup', {
        chat_id: alice.id,
        message_id: sent.message_id,
        reply_markup: next,
      }),
      400,
      NOT_MODIFIED,
    );
    const removed = expectOk(
      await h.call(bot.token, 'editMessageReplyMarkup', { chat_id: alice.id, message_id: sent.message_id }),
    );
    expect(removed.reply_markup).toBeUndefined();
  });

  it('deletes a message, which the chat then no longer shows', async () => {
    const sent = await post();
    expect(expectOk(await h.call(bot.token, 'deleteMessage', { chat_id: alice.id, message_id: sent.message_id }))).toBe(
      true,
    );
    expect(await chat.nextDeletion()).toBe(sent.message_id);
    expect((await chat.messages()).some((m) => m.message_id === sent.message_id)).toBe(false);
    expectError(
      await h.call(bot.token, 'deleteMessage', { chat_id: alice.id, message_id: sent.message_id }),
      400,
      'Bad Request: message to delete not found',
    );
    expectError(
      await h.call(bot.token, 'deleteMessage', { chat_id: alice.id }),
      400,
      'Bad Request: message identifier is not specified',
    );
  });

  it('refuses to delete other people’s messages in a group unless an admin', async () => {
    const group = await h.client.createGroup({ title: 'Team', creator: alice });
    await group.addBot(bot);
    const theirs = await group.sendText(alice, 'hello all');
    expectError(
      await h.call(bot.token, 'deleteMessage', { chat_id: group.id, message_id: theirs.message_id }),
      400,
      "Bad Request: message can't be deleted",
    );
    await group.makeAdmin(bot);
    expectOk(await h.call(bot.token, 'deleteMessage', { chat_id: group.id, message_id: theirs.message_id }));
  });

  it('delivers a button press as a callback_query, which the bot answers once', async () => {
    const sent = await post();
    const press = await chat.pressButton(sent, 'won');
    const updates = expectOk(await h.call(bot.token, 'getUpdates', {}));
    const query = updates.at(-1).callback_query;
    expect(query).toMatchObject({
      id: press.callbackQueryId,
      from: { id: alice.id },
      message: { message_id: sent.message_id },
      data: 'won',
      chat_instance: expect.any(String),
    });
    expectOk(await h.call(bot.token, 'answerCallbackQuery', { callback_query_id: query.id, text: 'Marked as won' }));
    expect(await press.answer()).toMatchObject({ text: 'Marked as won', showAlert: false });
    expectError(
      await h.call(bot.token, 'answerCallbackQuery', { callback_query_id: query.id }),
      400,
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    await expect(chat.pressButton(sent, 'lost')).rejects.toThrow(/no button with callback_data "lost"/);
  });

  it('refuses a callback answer with a text over 200 characters or a foreign URL', async () => {
    const sent = await post();
    const press = await chat.pressButton(sent, 'won');
    const answer = (extra: Record<string, unknown>) =>
      h.call(bot.token, 'answerCallbackQuery', { callback_query_id: press.callbackQueryId, ...extra });
    expectError(await answer({ text: 'x'.repeat(201) }), 400, 'Bad Request: MESSAGE_TOO_LONG');
    expectError(await answer({ url: 'https://example.com' }), 400, 'Bad Request: URL_INVALID');
    expectOk(await answer({ show_alert: true, text: 'Done' }));
  });
});
