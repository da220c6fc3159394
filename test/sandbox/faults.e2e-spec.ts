import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { callBotApi, expectError, expectOk, Harness, startHarness } from './support/sandbox-harness';

describe('injected faults', () => {
  let h: Harness;
  let bot: SandboxBotHandle;
  let alice: SandboxUserHandle;
  let ben: SandboxUserHandle;

  beforeAll(async () => {
    h = await startHarness({ limits: { enabled: false } });
    bot = await h.client.createBot({ username: 'fragile_bot' });
    alice = await h.client.createUser({ firstName: 'Alice' });
    ben = await h.client.createUser({ firstName: 'Ben' });
    for (const user of [alice, ben]) await (await user.privateChat(bot)).sendCommand(user, 'start');
  });

  afterEach(() => h.client.clearFaults());
  afterAll(() => h.close());

  const send = (chatId: number) => h.call(bot.token, 'sendMessage', { chat_id: chatId, text: 'Your invoice is ready' });

  it('answers 429 with the given retry_after for one chat, and records a sender that ignores it', async () => {
    await h.client.injectFault({ chatId: alice.id, kind: '429', retryAfter: 7 });
    expectError(await send(alice.id), 429, 'Too Many Requests: retry after 7');
    expectOk(await send(ben.id));
    expectError(await send(alice.id), 429, /^Too Many Requests: retry after [78]$/);
    expect(await h.client.violations()).toEqual([expect.objectContaining({ chatId: alice.id, botId: bot.id })]);
  });

  it('answers 500 for the given number of calls, globally', async () => {
    await h.client.injectFault({ kind: '500', count: 2 });
    expectError(await send(ben.id), 500, 'Internal Server Error');
    expectError(await h.call(bot.token, 'getMe'), 500, 'Internal Server Error');
    expectOk(await send(ben.id));
    const failed = await h.client.calls({ botId: bot.id });
    expect(failed.filter((c) => c.error?.error_code === 500).map((c) => c.method)).toEqual(['sendMessage', 'getMe']);
  });

  it('answers slowly, so that a caller with a short timeout gives up', async () => {
    await h.client.injectFault({ kind: 'slow', delayMs: 2000, method: 'sendMessage' });
    const url = `${h.sandbox.url}/bot${bot.token}/sendMessage`;
    const attempt = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: ben.id, text: 'late' }),
      signal: AbortSignal.timeout(200),
    });
    await expect(attempt).rejects.toThrow(/aborted|timeout/i);
    expect((await h.client.faults()).length).toBe(0);
  });

  it('drops the connection without an answer', async () => {
    await h.client.injectFault({ kind: 'reset', chatId: ben.id });
    await expect(callBotApi(h.sandbox.url, bot.token, 'sendMessage', { chat_id: ben.id, text: 'x' })).rejects.toThrow(
      /fetch failed|socket/i,
    );
    expectOk(await send(ben.id));
  });
});
