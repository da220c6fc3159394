import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { Harness, expectError, expectOk, startHarness } from './support/sandbox-harness';

// The sandbox clock is frozen and moved by hand: "within one second" does not depend on the machine.
describe('rate limits (30/s per bot, 1/s per chat with bursts of 2, 20/min per group)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    await h.client.freezeClock();
  });

  afterEach(() => h.close());

  async function botWithPrivateChats(
    username: string,
    count: number,
  ): Promise<{ bot: SandboxBotHandle; chats: SandboxChat[] }> {
    const bot = await h.client.createBot({ username });
    const chats: SandboxChat[] = [];
    for (let i = 0; i < count; i += 1) {
      const user = await h.client.createUser({ firstName: `User ${i}` });
      const chat = await user.privateChat(bot);
      await chat.sendCommand(user, 'start');
      chats.push(chat);
    }
    return { bot, chats };
  }

  const send = (bot: SandboxBotHandle, chatId: number, text = 'Notification') =>
    h.call(bot.token, 'sendMessage', { chat_id: chatId, text });

  it('accepts 30 of 40 messages sent in one second to 40 chats, and answers the other 10 with 429 and retry_after', async () => {
    const { bot, chats } = await botWithPrivateChats('bulk_notice_bot', 40);
    const answers = [];
    for (const chat of chats) answers.push(await send(bot, chat.id));
    expect(answers.map((a) => a.status)).toEqual([...Array(30).fill(200), ...Array(10).fill(429)]);
    for (const answer of answers.slice(30)) {
      expectError(answer, 429, 'Too Many Requests: retry after 1');
      expect(answer.body.parameters).toEqual({ retry_after: 1 });
    }
    // A second later the bot may send again.
    await h.client.advanceClock(1000);
    expectOk(await send(bot, chats[39].id));
    expect(await h.client.violations()).toEqual([]);
  });

  it('takes 2 messages in a row to one chat as a burst, but not a sustained 2 per second', async () => {
    const { bot, chats } = await botWithPrivateChats('burst_bot', 1);
    const chatId = chats[0].id;
    expectOk(await send(bot, chatId, 'one'));
    expectOk(await send(bot, chatId, 'two'));
    await h.client.advanceClock(2000);

    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await send(bot, chatId, `steady ${i}`)).status);
      await h.client.advanceClock(500);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('records a violation when the bot sends to a chat before its retry_after ran out', async () => {
    const { bot, chats } = await botWithPrivateChats('impatient_bot', 1);
    const chatId = chats[0].id;
    await send(bot, chatId);
    await send(bot, chatId);
    const limited = await send(bot, chatId);
    expectError(limited, 429, 'Too Many Requests: retry after 1');
    expect(await h.client.violations()).toEqual([]);

    // Ignoring retry_after is recorded, and only makes the wait longer.
    expectError(await send(bot, chatId), 429, 'Too Many Requests: retry after 2');
    expect(await h.client.violations()).toEqual([
      expect.objectContaining({ botId: bot.id, chatId, method: 'sendMessage', retryAfter: 2 }),
    ]);
    await h.client.advanceClock(2000);
    expectOk(await send(bot, chatId));
  });

  it('answers the 21st message in a minute to one group with 429', async () => {
    const bot = await h.client.createBot({ username: 'group_feed_bot' });
    const owner = await h.client.createUser({ firstName: 'Owner' });
    const group = await h.client.createGroup({ title: 'Acme Sales Team', creator: owner });
    await group.addBot(bot);
    // One message every 2 s: never over 1/s for the chat, 20 within 38 s.
    for (let i = 0; i < 20; i += 1) {
      expectOk(await send(bot, group.id, `update ${i}`));
      await h.client.advanceClock(2000);
    }
    const twentyFirst = await send(bot, group.id, 'update 20');
    expectError(twentyFirst, 429, 'Too Many Requests: retry after 20');
    expect(twentyFirst.body.parameters.retry_after).toBe(20);
    await h.client.advanceClock(20000);
    expectOk(await send(bot, group.id, 'update 20'));
  });

  it('counts edits too, and takes other limits when configured (a benchmark at 300/s)', async () => {
    const { bot, chats } = await botWithPrivateChats('fast_bench_bot', 40);
    const first = expectOk(await send(bot, chats[0].id));
    expectOk(
      await h.call(bot.token, 'editMessageText', {
        chat_id: chats[0].id,
        message_id: first.message_id,
        text: 'edited',
      }),
    );
    expectError(
      await h.call(bot.token, 'editMessageText', { chat_id: chats[0].id, message_id: first.message_id, text: 'again' }),
      429,
      /^Too Many Requests: retry after/,
    );
    await h.client.setLimits({ botPerSecond: 300 });
    await h.client.advanceClock(5000);
    const statuses = [];
    for (const chat of chats) statuses.push((await send(bot, chat.id)).status);
    expect(statuses).toEqual(Array(40).fill(200));
  });
});
