import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/core/config/app-config';
import { buildDataSourceOptions } from '../src/core/database/data-source-options';
import { startPostgres } from '../src/core/local-stack/postgres-server';
import { renderMigration } from './migration-template';

// Compiled to dist/scripts/: the repository root is two folders up.
const REPO_ROOT = resolve(__dirname, '..', '..');
const USAGE = 'usage: npm run migration:<generate Name|run|revert|show>';

/** The migration CLI over the app's own DataSource options (DATABASE_URL, else the local embedded PostgreSQL). */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = AppConfig.fromEnvironment();
  let stop = async (): Promise<void> => undefined;
  let url = config.env.DATABASE_URL;
  if (!url) {
    const pg = await startPostgres({ dataDir: join(config.dataDir, 'postgres'), database: 'telegram_crm' });
    url = pg.url;
    stop = pg.stop;
  }
  const dataSource = new DataSource(buildDataSourceOptions({ url }));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'run': {
        const done = await dataSource.runMigrations({ transaction: 'each' });
        console.log(done.length ? done.map((m) => `applied ${m.name}`).join('\n') : 'No pending migrations.');
        break;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
        break;
      case 'show': {
        const pending = await dataSource.showMigrations();
        console.log(pending ? 'There are pending migrations.' : 'The database is up to date.');
        break;
      }
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error(`${USAGE} (Name in PascalCase)`);
        // Compare the entities with a database that has every committed migration applied.
        await dataSource.runMigrations({ transaction: 'each' });
        const sql = await dataSource.driver.createSchemaBuilder().log();
        if (sql.upQueries.length === 0) {
          console.log('No changes in the entities: nothing to generate.');
          break;
        }
        const timestamp = Date.now();
        const file = join(REPO_ROOT, 'migrations', `${timestamp}-${name}.ts`);
        writeFileSync(file, renderMigration(name, timestamp, sql.upQueries, sql.downQueries));
        console.log(`Wrote ${file} (${sql.upQueries.length} statements). Review it, then run npm run lint.`);
        break;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await dataSource.destroy();
    await stop();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
