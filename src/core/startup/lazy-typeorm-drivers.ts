import Module from 'node:module';
import { sep } from 'node:path';

/**
 * TypeORM's DriverFactory requires the driver of every database it supports when it loads
 * (MySQL, SQL Server, Oracle, SAP, Spanner, CockroachDB, SQLite flavours, MongoDB…): ~1.3 MB of
 * JavaScript that this PostgreSQL-only service never runs, compiled and kept in memory at each
 * start. This hook hands DriverFactory a stand-in for each driver but PostgreSQL's, which loads
 * the real module on first use: a DataSource of another type still works, only later.
 * Installed when imported: import it before anything that loads TypeORM.
 */

const FACTORY = `${sep}typeorm${sep}driver${sep}DriverFactory.js`;
// "./mysql/MysqlDriver", "./expo/ExpoDriverFactory": not "./postgres/…", not "../error/…".
const OTHER_DRIVER = /^\.\/(?!postgres\/)[\w-]+\/\w+$/;

interface Loader {
  _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
}

function lazyModule(load: () => object): object {
  return new Proxy(
    {},
    {
      get: (_target, key) => Reflect.get(load(), key),
      has: (_target, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        // A proxy may only report a property its (empty) target lacks as configurable.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

export function installLazyTypeormDrivers(): void {
  const loader = Module as unknown as Loader;
  const originalLoad = loader._load;
  loader._load = function (request, parent, isMain) {
    if (parent?.filename?.endsWith(FACTORY) && OTHER_DRIVER.test(request)) {
      let real: object | undefined;
      return lazyModule(() => (real ??= originalLoad.call(this, request, parent, isMain) as object));
    }
    return originalLoad.call(this, request, parent, isMain);
  };
}

installLazyTypeormDrivers();
