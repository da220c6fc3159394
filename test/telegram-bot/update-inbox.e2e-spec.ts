import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/core/config/app-config';
import { MetricsService } from '../../src/core/metrics/metrics.service';
import { UpdateDispatcher } from '../../src/modules/telegram-bot/updates/update-dispatcher.service';
import { UpdateHandler } from '../../src/modules/telegram-bot/updates/update-handler';
import { UpdateInboxRepository } from '../../src/modules/telegram-bot/updates/update-inbox.repository';
import { UpdateIngestService } from '../../src/modules/telegram-bot/updates/update-ingest.service';
import { RawUpdate } from '../../src/modules/telegram-bot/updates/update-key.util';
import { WebhookSecretService } from '../../src/modules/telegram-bot/webhook/webhook-secret.service';
import { readJson, startTestApp, TestApp } from '../support/test-app';

function textUpdate(updateId: number, chatId: number, text = `message ${updateId}`): RawUpdate {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1776000000,
      chat: { id: chatId, type: 'private', first_name: 'Alice' },
      from: { id: chatId, is_bot: false, first_name: 'Alice' },
      text,
    },
  };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the webhook inbox', () => {
  let t: TestApp;
  let secret: string;
  let db: DataSource;
  const count = async (): Promise<number> =>
    Number((await db.query('SELECT count(*)::int AS n FROM telegram_updates'))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    secret = t.app.get(WebhookSecretService).value;
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());
  beforeEach(() => db.query('DELETE FROM telegram_updates'));

  const post = (body: unknown, token?: string): Promise<Response> =>
    t.request('/api/telegram/webhook', {
      method: 'POST',
      json: body,
      headers: token === undefined ? {} : { 'x-telegram-bot-api-secret-token': token },
    });

  it('answers 401 and stores nothing without the right secret token', async () => {
    for (const token of [undefined, '', 'wrong', secret + 'x', secret.slice(0, -1)]) {
      const res = await post(textUpdate(1, 42), token);
      expect(res.status).toBe(401);
      expect((await readJson(res)).error.code).toBe('WEBHOOK_SECRET_INVALID');
    }
    expect(await count()).toBe(0);
  });

  it('commits the update before answering 200', async () => {
    const res = await post(textUpdate(10, 42), secret);
    expect(res.status).toBe(200);
    const rows = await db.query(
      'SELECT update_id, chat_key, chat_id, update_type, status, payload FROM telegram_updates',
    );
    expect(rows).toEqual([
      {
        update_id: '10',
        chat_key: '42',
        chat_id: '42',
        update_type: 'message',
        status: 'pending',
        payload: textUpdate(10, 42),
      },
    ]);
  });

  it('answers 200 to a redelivered update and keeps one row', async () => {
    expect((await post(textUpdate(11, 42), secret)).status).toBe(200);
    expect((await post(textUpdate(11, 42, 'changed'), secret)).status).toBe(200);
    expect(await count()).toBe(1);
  });

  it('rejects a body that is not an Update with 400', async () => {
    for (const body of [{}, { update_id: 'x' }, { update_id: -1 }, [1, 2]]) {
      expect((await post(body, secret)).status).toBe(400);
    }
    expect(await count()).toBe(0);
  });

  it('answers malformed JSON, another content type and an oversized body in the API error format', async () => {
    const raw = (body: string, contentType = 'application/json'): Promise<Response> =>
      t.request('/api/telegram/webhook', {
        method: 'POST',
        body,
        headers: { 'content-type': contentType, 'x-telegram-bot-api-secret-token': secret },
      });
    const malformed = await raw('{"update_id": 1,');
    expect(malformed.status).toBe(400);
    expect((await readJson(malformed)).error.code).toBe('MALFORMED_JSON');
    const text = await raw('update_id=1', 'text/plain');
    expect(text.status).toBe(415);
    expect((await readJson(text)).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await raw(JSON.stringify({ ...textUpdate(13, 42), pad: 'x'.repeat(t.config.env.HTTP_BODY_LIMIT) }));
    expect(huge.status).toBe(413);
    expect((await readJson(huge)).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await count()).toBe(0);
  });

  it('stores the body as received, answers with a request id and counts in the HTTP metrics', async () => {
    const body = `{"update_id": 14, "message": {"message_id": 14, "date": 1776000000, "chat": {"id": 42, "type": "private"}, "text": "big ${'9'.repeat(20)}", "n": 12345678901234567890}}`;
    const res = await t.request('/api/telegram/webhook', {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': secret,
        'x-request-id': 'wh-1',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('wh-1');
    expect(await readJson(res)).toEqual({ ok: true });
    // jsonb keeps the number exactly (a JavaScript round trip would have rounded it).
    const [row] = await db.query(`SELECT payload->'message'->>'n' AS n, chat_key FROM telegram_updates`);
    expect(row).toEqual({ n: '12345678901234567890', chat_key: '42' });
    const metrics = await t.app.get(MetricsService).registry.metrics();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/telegram\/webhook"[^}]*\} [1-9]/);
  });

  it('keeps a very large chat id exactly (bigint)', async () => {
    const chatId = -1002231456789;
    expect((await post(textUpdate(12, chatId), secret)).status).toBe(200);
    expect((await db.query('SELECT chat_id FROM telegram_updates'))[0].chat_id).toBe(String(chatId));
  });
});

describe('the update dispatcher', () => {
  let t: TestApp;
  let db: DataSource;
  let ingest: UpdateIngestService;
  let dispatcher: UpdateDispatcher | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    ingest = t.app.get(UpdateIngestService);
  });
  afterAll(() => t.close());
  beforeEach(() => db.query('DELETE FROM telegram_updates'));
  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
  });

  function startDispatcher(handler: UpdateHandler, retryDelaysMs = [50, 50]): Promise<void> {
    dispatcher = new UpdateDispatcher(
      t.app.get(UpdateInboxRepository),
      handler,
      t.app.get(AppConfig),
      new MetricsService(),
    );
    return dispatcher.start({ concurrency: 8, retryDelaysMs, pollIntervalMs: 200, handlerTimeoutMs: 2000 });
  }

  const statusCounts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await db.query('SELECT status, count(*)::int AS n FROM telegram_updates GROUP BY status')).map(
        (r: { status: string; n: number }) => [r.status, r.n],
      ),
    );

  it('handles each chat strictly in order, one at a time, while chats run in parallel', async () => {
    const seen = new Map<number, number[]>();
    const running = new Set<number>();
    let overlaps = 0;
    let maxParallel = 0;
    await startDispatcher({
      handle: async (update) => {
        const chatId = (update.message as { chat: { id: number } }).chat.id;
        if (running.has(chatId)) overlaps++;
        running.add(chatId);
        maxParallel = Math.max(maxParallel, running.size);
        await new Promise((r) => setTimeout(r, Math.random() * 15));
        seen.set(chatId, [...(seen.get(chatId) ?? []), update.update_id]);
        running.delete(chatId);
      },
    });
    const updates = Array.from({ length: 200 }, (_, i) => textUpdate(1000 + i, 1 + (i % 10)));
    // Delivered out of order and in several batches, as retries would.
    await ingest.accept(updates.filter((_, i) => i % 2 === 1));
    await ingest.accept(updates.filter((_, i) => i % 2 === 0));
    await until(async () => (await statusCounts()).handled === 200);
    expect(overlaps).toBe(0);
    expect(maxParallel).toBeGreaterThan(1);
    for (const ids of seen.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect([...seen.values()].flat()).toHaveLength(200);
  });

  it('retries a failing update, then parks it as failed without blocking its chat', async () => {
    const handled: number[] = [];
    const attempts = new Map<number, number>();
    await startDispatcher({
      handle: async (update) => {
        attempts.set(update.update_id, (attempts.get(update.update_id) ?? 0) + 1);
        if (update.update_id === 2001) throw new Error('CRM is down');
        handled.push(update.update_id);
      },
    });
    await ingest.accept([textUpdate(2001, 5), textUpdate(2002, 5), textUpdate(2003, 5)]);
    await until(async () => (await statusCounts()).handled === 2);
    expect(handled).toEqual([2002, 2003]);
    expect(attempts.get(2001)).toBe(3);
    const [failed] = await db.query(`SELECT status, attempts, last_error FROM telegram_updates WHERE update_id = 2001`);
    expect(failed).toEqual({ status: 'failed', attempts: 3, last_error: 'CRM is down' });
  });

  it('abandons a handler that hangs, counting it as a failed attempt', async () => {
    await startDispatcher({ handle: () => new Promise(() => undefined) }, []);
    await ingest.accept([textUpdate(3001, 6)]);
    await until(async () => (await statusCounts()).failed === 1);
    const [row] = await db.query(`SELECT last_error FROM telegram_updates WHERE update_id = 3001`);
    expect(row.last_error).toMatch(/timed out/);
  });

  it('takes over updates whose worker died mid-handling', async () => {
    await ingest.accept([textUpdate(4001, 7), textUpdate(4002, 7)]);
    // A worker claimed 4001 and died: its lock has expired.
    await db.query(
      `UPDATE telegram_updates SET status = 'processing', attempts = 1, locked_until = now() - interval '1 second' WHERE update_id = 4001`,
    );
    const handled: number[] = [];
    await startDispatcher({ handle: async (u) => void handled.push(u.update_id) });
    await until(async () => (await statusCounts()).handled === 2);
    expect(handled).toEqual([4001, 4002]);
  });
});
