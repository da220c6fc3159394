import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { mkdtempSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RunningPostgres, startPostgres } from '../../src/core/local-stack/postgres-server';
import { QUEUES } from '../../src/core/queue/queue.constants';
import { SettingsService } from '../../src/core/settings/settings.service';
import { readJson, startTestApp, TestApp } from '../support/test-app';
import { testStackDir } from '../support/test-stack';

async function waitForStatus(t: TestApp, path: string, status: number, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    const res = await t.request(path).catch(() => undefined);
    if (res?.status === status) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} did not answer ${status} within ${withinMs} ms`);
}

describe('health and the real backing services', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is live and ready with PostgreSQL and Redis up', async () => {
    expect((await t.request('/health')).status).toBe(200);
    const ready = await t.request('/health/ready');
    expect(ready.status).toBe(200);
    expect((await readJson(ready)).details).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('round-trips data through PostgreSQL', async () => {
    const settings = t.app.get(SettingsService);
    const value = await settings.getOrCreate('round-trip', () => 'first');
    expect(await settings.getOrCreate('round-trip', () => 'second')).toBe(value);
    const rows = await t.app.get(DataSource).query('SELECT value FROM app_settings WHERE key = $1', ['round-trip']);
    expect(rows).toEqual([{ value: 'first' }]);
  });

  it('keeps one value when several callers create a setting at once', async () => {
    const settings = t.app.get(SettingsService);
    const values = await Promise.all(Array.from({ length: 10 }, (_, i) => settings.getOrCreate('race', () => `v${i}`)));
    expect(new Set(values).size).toBe(1);
  });

  it('round-trips a job through Redis with Bull', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.MAINTENANCE));
    const seen: unknown[] = [];
    void queue.process('round-trip', async (job) => {
      seen.push(job.data);
      return { echoed: job.data };
    });
    const job = await queue.add('round-trip', { hello: 'redis' });
    await expect(job.finished()).resolves.toEqual({ echoed: { hello: 'redis' } });
    expect(seen).toEqual([{ hello: 'redis' }]);
  });
});

describe('readiness while PostgreSQL dies and returns', () => {
  let pg: RunningPostgres;
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    const root = mkdtempSync(join(testStackDir(), 'pg-kill-'));
    chmodSync(root, 0o755);
    dataDir = join(root, 'pg');
    pg = await startPostgres({ dataDir, database: 'killme', ephemeral: true });
    t = await startTestApp({ DATABASE_URL: pg.url });
  });
  afterAll(async () => {
    await t.close();
    await pg.stop();
  });

  it('turns 503 within 5 s of PostgreSQL dying and 200 within 5 s of its return', async () => {
    expect((await t.request('/health/ready')).status).toBe(200);
    const port = pg.port;
    await pg.stop();
    const down = await waitForStatus(t, '/health/ready', 503, 5000);
    const body = await readJson(t.request('/health/ready'));
    expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.error.details.details.postgres.status).toBe('down');
    expect(body.error.details.details.redis.status).toBe('up');
    expect((await t.request('/health')).status).toBe(200);

    pg = await startPostgres({ dataDir, database: 'killme', port, ephemeral: true });
    const up = await waitForStatus(t, '/health/ready', 200, 5000);
    expect({ down: down < 5000, up: up < 5000 }).toEqual({ down: true, up: true });
  });
});
