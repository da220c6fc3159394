import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateUpdate } from '../../src/sandbox/bot-api/update-validator';
import { Harness, Json, expectOk, startHarness } from './support/sandbox-harness';
import { WebhookReceiver } from './support/webhook-receiver';

const fixturesDir = join(__dirname, '../fixtures/telegram/updates');
const fixtures: Array<[string, Json]> = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => [name, JSON.parse(readFileSync(join(fixturesDir, name), 'utf8'))]);

describe('replaying the recorded Update payloads through webhook delivery', () => {
  let h: Harness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    h = await startHarness();
    receiver = new WebhookReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  it('has the 32 payloads, each a valid Update', () => {
    expect(fixtures).toHaveLength(32);
    for (const [, update] of fixtures) expect(validateUpdate(update, { allowUnknownFields: true })).toEqual([]);
  });

  it('delivers every payload to the webhook exactly as recorded, in order, with the secret token', async () => {
    const bot = await h.client.createBot({
      username: 'acme_crm_bot',
      token: '7493021856:AAHk3c_Fixture-Replay-Token_123456',
      firstUpdateId: 1,
    });
    // chat_member and the like are opt-in: ask for every kind the payloads contain. One connection keeps the order.
    const kinds = [...new Set(fixtures.map(([, update]) => Object.keys(update).find((k) => k !== 'update_id')))];
    expectOk(
      await h.call(bot.token, 'setWebhook', {
        url: await receiver.start(),
        secret_token: 'replay_secret',
        allowed_updates: kinds,
        max_connections: 1,
      }),
    );
    for (const [, update] of fixtures) {
      expect((await h.client.replayUpdate(bot, update)).update_id).toBe(update.update_id);
    }
    const received = await receiver.waitFor(fixtures.length);
    expect(received.map((hook) => hook.body)).toEqual(fixtures.map(([, update]) => update));
    expect(new Set(received.map((hook) => hook.headers['x-telegram-bot-api-secret-token']))).toEqual(
      new Set(['replay_secret']),
    );
  });

  it('refuses a replayed update_id that does not increase', async () => {
    const bot = await h.client.createBot({ username: 'replay_order_bot', firstUpdateId: 1 });
    const [, first] = fixtures[0];
    await h.client.replayUpdate(bot, first);
    await expect(h.client.replayUpdate(bot, first)).rejects.toThrow(/update_id must be greater than/);
  });
});
