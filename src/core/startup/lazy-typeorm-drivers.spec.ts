import { transformFileSync } from '@swc/core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The hook changes Node's loader, so it runs in a child process loading the real TypeORM.
describe('lazy TypeORM drivers', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lazy-drivers-'));
    const { code } = transformFileSync(join(__dirname, 'lazy-typeorm-drivers.ts'), {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    writeFileSync(join(root, 'hook.js'), code);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function run(hooked: boolean): Record<string, unknown> {
    const script = `
      ${hooked ? "require('./hook.js');" : ''}
      const { createRequire } = require('node:module');
      const repoRequire = createRequire(${JSON.stringify(join(__dirname, '..', '..', '..', 'package.json'))});
      const { DataSource } = repoRequire('typeorm');
      const loaded = () => Object.keys(require.cache).filter((f) => /typeorm.driver.mysql.MysqlQueryRunner/.test(f)).length;
      const before = loaded();
      const postgres = new DataSource({ type: 'postgres', url: 'postgres://x@127.0.0.1:1/x' }).driver.constructor.name;
      let mysql;
      try { new DataSource({ type: 'mysql' }); mysql = 'created'; } catch (error) { mysql = error.name; }
      process.stdout.write(JSON.stringify({ before, postgres, mysql, after: loaded() }));`;
    writeFileSync(join(root, 'run.js'), script);
    return JSON.parse(execFileSync(process.execPath, [join(root, 'run.js')], { encoding: 'utf8' })) as Record<
      string,
      unknown
    >;
  }

  it('loads only the PostgreSQL driver, and another one when it is asked for', () => {
    const plain = run(false);
    expect(plain).toMatchObject({ before: 1, postgres: 'PostgresDriver' });
    expect(run(true)).toEqual({ ...plain, before: 0, after: 1 });
  });
});
