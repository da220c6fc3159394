import { transformFileSync } from '@swc/core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleCacheStats } from './module-cache';

// The cache hooks Node's own loader, so each start runs in a child process on a small app.
let root: string;
let app: string;
let cacheFile: string;
let lockFile: string;

interface Run {
  result: { sum: number; version: string; dynamic: number; self: boolean; filename: string; resolved: string };
  stats: ModuleCacheStats;
}

function start(): Run {
  const output = execFileSync(process.execPath, [join(root, 'start.js')], { encoding: 'utf8' });
  return JSON.parse(output) as Run;
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'module-cache-'));
  app = join(root, 'app');
  cacheFile = join(root, 'dist', '.cache', 'modules.bin');
  lockFile = join(app, 'node_modules', '.package-lock.json');
  const { code } = transformFileSync(join(__dirname, 'module-cache.ts'), {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  write(join(root, 'module-cache.js'), code);
  write(
    join(root, 'start.js'),
    `const { ModuleCache } = require('./module-cache.js');
     const cache = new ModuleCache({ file: ${JSON.stringify(cacheFile)}, stampFiles: [${JSON.stringify(lockFile)}] }).install();
     require('./app/main.js').then((result) => {
       const stats = cache.settle();
       process.stdout.write(JSON.stringify({ result, stats }));
     });`,
  );
  write(lockFile, '{}');
  write(join(app, 'node_modules', 'pkg', 'package.json'), '{"name":"pkg","version":"1.0.0","main":"lib/entry.js"}');
  write(join(app, 'node_modules', 'pkg', 'lib', 'entry.js'), "exports.version = require('../package.json').version;");
  write(join(app, 'add.js'), 'module.exports = (a, b) => a + b;');
  write(join(app, 'esm.mjs'), 'export const value = 7;');
  write(join(app, 'dynamic.js'), "module.exports = () => import('./esm.mjs').then((m) => m.value);");
  write(
    join(app, 'main.js'),
    `const add = require('./add');
     const self = this === module.exports;
     module.exports = require('./dynamic')().then((dynamic) => ({
       sum: add(2, 3),
       version: require('pkg').version,
       dynamic,
       self,
       filename: __filename,
       resolved: require.resolve('pkg'),
     }));`,
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('ModuleCache', () => {
  it('is written by the first start and serves the next one the same modules', () => {
    const first = start();
    expect(first.stats).toMatchObject({ codeHits: 0, written: true });
    expect(first.stats.codeMisses).toBe(3); // main.js, add.js, pkg/lib/entry.js
    const expected = {
      sum: 5,
      version: '1.0.0',
      dynamic: 7,
      self: true,
      filename: join(app, 'main.js'),
      resolved: join(app, 'node_modules', 'pkg', 'lib', 'entry.js'),
    };
    expect(first.result).toEqual(expected);

    const second = start();
    expect(second.result).toEqual(expected);
    // dynamic.js holds import(): Node compiles it, so it is not counted.
    expect(second.stats).toMatchObject({ codeHits: first.stats.codeMisses, codeMisses: 0, resolveMisses: 0 });
    expect(second.stats.resolveHits).toBeGreaterThanOrEqual(4);
    expect(second.stats.written).toBe(false);
  });

  it('compiles a file again when its content changed, even at the same length', () => {
    start();
    write(join(app, 'add.js'), 'module.exports = (a, b) => a * b;');
    const run = start();
    expect(run.result.sum).toBe(6);
    expect(run.stats).toMatchObject({ codeMisses: 1, written: true });
    expect(start().stats).toMatchObject({ codeMisses: 0, written: false });
  });

  it('resolves again once node_modules changed', () => {
    const first = start();
    write(join(app, 'node_modules', 'pkg', 'package.json'), '{"name":"pkg","version":"2.0.0","main":"lib/next.js"}');
    write(join(app, 'node_modules', 'pkg', 'lib', 'next.js'), "exports.version = require('../package.json').version;");
    utimesSync(lockFile, new Date(), new Date(Date.now() + 5000));
    const run = start();
    expect(run.result.version).toBe('2.0.0');
    expect(run.result.resolved).toBe(join(app, 'node_modules', 'pkg', 'lib', 'next.js'));
    // Each resolution is made anew once (main.js asks for pkg twice; the second is remembered).
    expect(run.stats).toMatchObject({ resolveMisses: first.stats.resolveMisses, resolveHits: 1 });
  });

  it('starts without it when the file is damaged, and writes it anew', () => {
    start();
    const bytes = readFileSync(cacheFile);
    writeFileSync(cacheFile, bytes.subarray(0, bytes.length - 10));
    const run = start();
    expect(run.result.sum).toBe(5);
    expect(run.stats).toMatchObject({ codeHits: 0, resolveHits: 1, written: true });
    expect(start().stats).toMatchObject({ codeMisses: 0, written: false });
  });

  it('reports a syntax error as Node does', () => {
    start();
    write(join(app, 'add.js'), 'module.exports = (a, b) => a +;');
    expect(() => execFileSync(process.execPath, [join(root, 'start.js')], { encoding: 'utf8', stdio: 'pipe' })).toThrow(
      /add\.js:1[\s\S]*SyntaxError/,
    );
  });
});
