import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/test-stack';
import { waitFor } from './support/wait';

const REPO = join(__dirname, '..', '..');
// Inside the repository, so that the compiled script resolves node_modules.
const BUILD = join(REPO, 'node_modules', '.cache', `dispatcher-kill-${process.pid}`);
const EVENTS = 120;
const AGGREGATES = 8;

describe('the CRM event dispatcher killed with SIGKILL in the middle of dispatch', () => {
  let url: string;
  let db: DataSource;
  let organizationId: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    execFileSync(
      join(REPO, 'node_modules', '.bin', 'swc'),
      ['src/modules/crm/events', 'src/modules/crm/common', 'test/crm/support', '-d', BUILD, '-q'],
      { cwd: REPO },
    );
    url = await createTestDatabase();
    db = new DataSource({ type: 'postgres', url, entities: [] });
    await db.initialize();
    await db.query(
      'CREATE TABLE kill_test_deliveries (seq bigserial PRIMARY KEY, event_id bigint NOT NULL, aggregate_id uuid NOT NULL, pid int NOT NULL)',
    );
    organizationId = (await db.query(`INSERT INTO organizations (name) VALUES ('Kill test') RETURNING id`))[0].id;
  }, 60_000);
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await db?.destroy();
    rmSync(BUILD, { recursive: true, force: true });
  });

  function startChild(slowEventN = -1): ChildProcess {
    const child = spawn(process.execPath, [join(BUILD, 'test', 'crm', 'support', 'dispatcher-child.js')], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url,
        LEASE_MS: '1500',
        HANDLER_MS: '30',
        SLOW_EVENT_N: String(slowEventN),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    children.push(child);
    return child;
  }

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query(sql, params))[0].n);

  it('delivers every event at least once, in order per aggregate, after a restart', async () => {
    const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
    // Each event in its own transaction, as the CRM writes them.
    for (let i = 0; i < EVENTS; i++) {
      await db.query(
        `INSERT INTO crm_events (txid, organization_id, type, aggregate_type, aggregate_id, actor_user_id, payload)
         VALUES (pg_current_xact_id()::text::bigint, $1, 'deal.stage_changed', 'deal', $2, NULL, $3)`,
        [organizationId, aggregates[i % AGGREGATES], JSON.stringify({ n: i })],
      );
    }

    // Event 30's handler hangs in the first process: once it has started, the kill lands inside it.
    const first = startChild(30);
    const slowEventId = await waitFor(
      async () =>
        (
          await db.query(
            `SELECT d.event_id::text AS id FROM kill_test_deliveries d JOIN crm_events e ON e.id = d.event_id WHERE e.payload->>'n' = '30'`,
          )
        )[0]?.id as string | undefined,
      30_000,
      'the first process entering the handler of event 30',
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    // Killed mid-dispatch: event 30 is still leased to the dead process and work is left over.
    const leased = await db.query(
      `SELECT status, locked_until > now() AS leased FROM crm_event_deliveries WHERE event_id = $1`,
      [slowEventId],
    );
    expect(leased).toEqual([{ status: 'pending', leased: true }]);
    expect(await count('SELECT count(DISTINCT event_id) AS n FROM kill_test_deliveries')).toBeLessThan(EVENTS);

    startChild();
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*) AS n FROM crm_event_deliveries WHERE consumer = 'kill-test' AND status = 'done'`,
        )) === EVENTS
          ? true
          : undefined,
      60_000,
      'every event delivered after the restart',
    );

    const events: { id: string; aggregate_id: string }[] = await db.query(
      'SELECT id::text AS id, aggregate_id FROM crm_events ORDER BY crm_events.id',
    );
    const deliveries: { event_id: string; aggregate_id: string }[] = await db.query(
      'SELECT event_id::text AS event_id, aggregate_id FROM kill_test_deliveries ORDER BY seq',
    );
    const delivered = new Set(deliveries.map((d) => d.event_id));
    expect(events.filter((e) => !delivered.has(e.id))).toEqual([]);
    // The event the dead process was handling was delivered again (at least once, not exactly once).
    expect(deliveries.filter((d) => d.event_id === slowEventId).length).toBeGreaterThanOrEqual(2);

    // Per aggregate, first deliveries follow the event order (redeliveries after the kill may repeat).
    for (const aggregate of aggregates) {
      const firsts: number[] = [];
      for (const d of deliveries.filter((x) => x.aggregate_id === aggregate)) {
        if (!firsts.includes(Number(d.event_id))) firsts.push(Number(d.event_id));
      }
      expect(firsts).toEqual(events.filter((e) => e.aggregate_id === aggregate).map((e) => Number(e.id)));
    }
  }, 120_000);
});
