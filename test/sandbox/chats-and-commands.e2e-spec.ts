import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { Harness, Json, expectError, expectOk, startHarness } from './support/sandbox-harness';

describe('chats, members, chat actions and commands', () => {
  let h: Harness;
  let bot: SandboxBotHandle;
  let alice: SandboxUserHandle;
  let ben: SandboxUserHandle;
  let chat: SandboxChat;
  let group: SandboxChat;
  const updates = async (): Promise<Json[]> => {
    const list = expectOk(await h.call(bot.token, 'getUpdates', {}));
    if (list.length > 0) await h.call(bot.token, 'getUpdates', { offset: list.at(-1).update_id + 1 });
    return list;
  };

  beforeAll(async () => {
    h = await startHarness({ limits: { enabled: false } });
    bot = await h.client.createBot({ username: 'acme_crm_bot', firstName: 'Acme CRM' });
    alice = await h.client.createUser({
      firstName: 'Alice',
      lastName: 'Morgan',
      username: 'alice_morgan',
      languageCode: 'en',
    });
    ben = await h.client.createUser({ firstName: 'Ben' });
    chat = await alice.privateChat(bot);
    await chat.sendCommand(alice, 'start');
    group = await h.client.createGroup({ title: 'Acme Sales Team', creator: alice, members: [ben] });
    await group.addBot(bot);
    await updates();
  });

  afterAll(() => h.close());

  it('describes private chats and groups with getChat', async () => {
    expect(expectOk(await h.call(bot.token, 'getChat', { chat_id: alice.id }))).toMatchObject({
      id: alice.id,
      type: 'private',
      first_name: 'Alice',
      last_name: 'Morgan',
      username: 'alice_morgan',
      accent_color_id: expect.any(Number),
    });
    expect(expectOk(await h.call(bot.token, 'getChat', { chat_id: group.id }))).toMatchObject({
      id: group.id,
      type: 'group',
      title: 'Acme Sales Team',
    });
    expectError(await h.call(bot.token, 'getChat', { chat_id: -100123 }), 400, 'Bad Request: chat not found');
  });

  it('tells members, admins and strangers apart with getChatMember and getChatAdministrators', async () => {
    const member = (userId: number) => h.call(bot.token, 'getChatMember', { chat_id: group.id, user_id: userId });
    expect(expectOk(await member(alice.id))).toMatchObject({ status: 'creator', user: { id: alice.id } });
    expect(expectOk(await member(ben.id))).toEqual({ status: 'member', user: expect.objectContaining({ id: ben.id }) });
    const stranger = await h.client.createUser({ firstName: 'Lucas' });
    expect(expectOk(await member(stranger.id)).status).toBe('left');
    expectError(await member(987654321), 400, 'Bad Request: user not found');
    await group.makeAdmin(ben);
    const admins = expectOk(await h.call(bot.token, 'getChatAdministrators', { chat_id: group.id }));
    expect(admins.map((a: Json) => [a.user.id, a.status])).toEqual([
      [alice.id, 'creator'],
      [ben.id, 'administrator'],
    ]);
    expectError(
      await h.call(bot.token, 'getChatAdministrators', { chat_id: alice.id }),
      400,
      'Bad Request: there are no administrators in the private chat',
    );
  });

  it('sends my_chat_member and service messages when the bot is added, blocked and leaves', async () => {
    const team = await h.client.createSupergroup({ title: 'Acme Support', creator: ben });
    await team.addBot(bot, { by: ben });
    const added = await updates();
    expect(added.map((u) => Object.keys(u)[1])).toEqual(['my_chat_member', 'message']);
    expect(added[0].my_chat_member).toMatchObject({
      chat: { id: team.id, type: 'supergroup', title: 'Acme Support' },
      from: { id: ben.id },
      old_chat_member: { status: 'left', user: { id: bot.id } },
      new_chat_member: { status: 'member', user: { id: bot.id } },
    });
    expect(added[1].message.new_chat_members).toEqual([expect.objectContaining({ id: bot.id, is_bot: true })]);

    expect(expectOk(await h.call(bot.token, 'leaveChat', { chat_id: team.id }))).toBe(true);
    const left = await updates();
    expect(left[0].my_chat_member.new_chat_member.status).toBe('left');
    expectError(
      await h.call(bot.token, 'sendMessage', { chat_id: team.id, text: 'x' }),
      403,
      'Forbidden: bot is not a member of the supergroup chat',
    );

    await chat.blockBot();
    const blocked = await updates();
    expect(blocked[0].my_chat_member).toMatchObject({
      chat: { id: alice.id, type: 'private' },
      old_chat_member: { status: 'member' },
      new_chat_member: { status: 'kicked', until_date: 0 },
    });
    await chat.unblockBot();
    expect((await updates())[0].my_chat_member.new_chat_member.status).toBe('member');
    expectError(
      await h.call(bot.token, 'leaveChat', { chat_id: alice.id }),
      400,
      "Bad Request: chat member status can't be changed in private chats",
    );
  });

  it('shows chat actions, and refuses an unknown one', async () => {
    expect(expectOk(await h.call(bot.token, 'sendChatAction', { chat_id: alice.id, action: 'typing' }))).toBe(true);
    expect(await chat.nextChatAction()).toBe('typing');
    expectError(
      await h.call(bot.token, 'sendChatAction', { chat_id: alice.id, action: 'dancing' }),
      400,
      'Bad Request: wrong parameter action in request',
    );
  });

  it('keeps commands per scope and language, and shows each user the most specific menu', async () => {
    const set = (params: Record<string, unknown>) => h.call(bot.token, 'setMyCommands', params);
    expectOk(await set({ commands: [{ command: 'start', description: 'Start' }] }));
    expectOk(
      await set({ commands: [{ command: 'deals', description: 'My deals' }], scope: { type: 'all_private_chats' } }),
    );
    expectOk(
      await set({
        commands: [{ command: 'deals', description: 'Мои сделки' }],
        scope: { type: 'all_private_chats' },
        language_code: 'ru',
      }),
    );
    expectOk(
      await set({
        commands: [{ command: 'report', description: 'Team report' }],
        scope: { type: 'chat', chat_id: group.id },
      }),
    );
    expect(expectOk(await h.call(bot.token, 'getMyCommands', {}))).toEqual([
      { command: 'start', description: 'Start' },
    ]);
    expect(
      expectOk(await h.call(bot.token, 'getMyCommands', { scope: { type: 'all_private_chats' }, language_code: 'ru' })),
    ).toEqual([{ command: 'deals', description: 'Мои сделки' }]);
    expect((await chat.commands(alice))[0].commands).toEqual([{ command: 'deals', description: 'My deals' }]);
    expect((await group.commands(ben))[0].commands).toEqual([{ command: 'report', description: 'Team report' }]);

    expectOk(await h.call(bot.token, 'deleteMyCommands', { scope: { type: 'chat', chat_id: group.id } }));
    expect((await group.commands(ben))[0].commands).toEqual([{ command: 'start', description: 'Start' }]);

    expectError(
      await set({ commands: [{ command: 'Bad Command', description: 'x' }] }),
      400,
      'Bad Request: BOT_COMMAND_INVALID',
    );
    expectError(
      await set({ commands: [{ command: 'ok', description: '' }] }),
      400,
      'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID',
    );
    expectError(
      await set({ commands: [{ command: 'ok', description: 'x' }], scope: { type: 'chat', chat_id: -1 } }),
      400,
      'Bad Request: chat not found',
    );
    expectError(
      await set({ commands: [{ command: 'ok', description: 'x' }], scope: { type: 'planet' } }),
      400,
      /BotCommandScope/,
    );
    expectError(
      await set({ commands: [{ command: 'ok', description: 'x' }], language_code: 'eng' }),
      400,
      'Bad Request: invalid language code specified',
    );
    expectError(await h.call(bot.token, 'setMyCommands', {}), 400, 'Bad Request: commands is empty');
  });

  it('with privacy mode, lets the bot see in groups only commands for it, replies to it and service messages', async () => {
    const other = await h.client.createBot({ username: 'other_helper_bot' });
    await group.addBot(other);
    await updates();
    await group.sendText(ben, 'just chatting');
    await group.sendCommand(ben, 'deals', { bot: other });
    await group.sendCommand(ben, 'deals', { bot });
    const botMessage = expectOk(await h.call(bot.token, 'sendMessage', { chat_id: group.id, text: 'Which deal?' }));
    await group.reply(ben, botMessage, 'A-1042');
    const seen = await updates();
    expect(seen.map((u) => u.message.text)).toEqual(['/deals@acme_crm_bot', 'A-1042']);
  });

  it('posts in a channel as the channel, and delivers its posts as channel_post', async () => {
    const channel = await h.client.createChannel({ title: 'Acme Product News', creator: alice, username: 'acme_news' });
    await channel.addBot(bot);
    const added = await updates();
    expect(added[0].my_chat_member.new_chat_member).toMatchObject({ status: 'administrator', can_post_messages: true });
    const post = expectOk(
      await h.call(bot.token, 'sendMessage', { chat_id: '@acme_news', text: 'Release 4.2 is out' }),
    );
    expect(post.from).toBeUndefined();
    expect(post.sender_chat).toEqual({
      id: channel.id,
      title: 'Acme Product News',
      username: 'acme_news',
      type: 'channel',
    });
    await channel.sendText(alice, 'Posted by the owner #release');
    const [update] = await updates();
    expect(update.channel_post).toMatchObject({
      sender_chat: { id: channel.id },
      text: 'Posted by the owner #release',
      entities: [{ type: 'hashtag', offset: 20, length: 8 }],
    });
    await channel.addMember(ben);
    await expect(channel.sendText(ben, 'subscriber')).rejects.toThrow(/administrators of a channel/);
  });
});
