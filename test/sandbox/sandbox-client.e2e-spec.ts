import { Harness, expectOk, startHarness } from './support/sandbox-harness';

describe('SandboxClient waiting helpers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ limits: { enabled: false } });
  });

  afterAll(() => h.close());

  it('returns bot messages one by one, in order, even when they were sent before the wait', async () => {
    const bot = await h.client.createBot({ username: 'ordered_bot' });
    const alice = await h.client.createUser({ firstName: 'Alice' });
    const chat = await alice.privateChat(bot);
    await chat.sendCommand(alice, 'start');
    for (const text of ['one', 'two']) expectOk(await h.call(bot.token, 'sendMessage', { chat_id: alice.id, text }));
    expect((await chat.nextBotMessage()).text).toBe('one');
    expect((await chat.nextBotMessage()).text).toBe('two');
    await expect(chat.nextBotMessage({ timeoutMs: 50 })).rejects.toThrow(
      `Timed out after 50 ms waiting for a bot message in chat ${chat.key}`,
    );
    const later = chat.waitForMessage((m) => m.text === 'three');
    expectOk(await h.call(bot.token, 'sendMessage', { chat_id: alice.id, text: 'three' }));
    expect((await later).text).toBe('three');
    expect((await h.client.messages(alice.id)).map((m) => m.text)).toEqual(['/start', 'one', 'two', 'three']);
  });

  it('makes a group without naming its creator, and reads it by id', async () => {
    const bot = await h.client.createBot({ username: 'group_reader_bot' });
    const group = await h.client.createSupergroup({ title: 'Acme Support', forum: true });
    await group.addBot(bot);
    const messages = await h.client.messages(group.id);
    expect(messages.map((m) => Object.keys(m).find((k) => k.endsWith('_created') || k === 'new_chat_members'))).toEqual(
      ['supergroup_chat_created', 'new_chat_members'],
    );
  });
});
