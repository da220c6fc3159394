import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { CrmEventDispatcher } from '../../../src/modules/crm/events/crm-event.dispatcher';

/**
 * A bare process running the CRM event dispatcher against a test database (the kill -9 test
 * starts it, kills it mid-dispatch and starts it again). Its consumer records each delivery in
 * `kill_test_deliveries`, then takes a while to "finish", so a kill lands inside handlers.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const handlerMs = Number(process.env.HANDLER_MS ?? '30');
  // The event whose handler hangs, so that the test can kill the process inside it.
  const slowN = Number(process.env.SLOW_EVENT_N ?? '-1');
  const dataSource = new DataSource({ type: 'postgres', url, entities: [], extra: { max: 10 } });
  await dataSource.initialize();
  const dispatcher = new CrmEventDispatcher(
    dataSource,
    {
      list: () => [
        {
          name: 'kill-test',
          startFrom: 'beginning',
          handle: async (event) => {
            await dataSource.query(
              'INSERT INTO kill_test_deliveries (event_id, aggregate_id, pid) VALUES ($1, $2, $3)',
              [event.id, event.aggregateId, process.pid],
            );
            await new Promise((r) => setTimeout(r, event.payload.n === slowN ? 60_000 : handlerMs));
          },
        },
      ],
    },
    { pollIntervalMs: 20, batchSize: 5, leaseMs: Number(process.env.LEASE_MS ?? '1500') },
  );
  dispatcher.start();
  process.stdout.write('dispatching\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
