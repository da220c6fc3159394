import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * Start-up cache of the CommonJS loader, for Node 20 (Node 22 has `module.enableCompileCache()`).
 * Loading the app's ~2,700 modules was most of its start-up: resolving each `require` (stats,
 * realpath, package.json reads) and compiling each file. A start that loaded something new keeps,
 * in one file, where each `require` resolved to and V8's code cache for each file; the next
 * start reads it and skips most of both.
 *
 * Safe by construction: a code entry is used only for the same file content (CRC-32) and V8
 * itself refuses data from another V8 version or flags; resolutions are dropped when
 * node_modules changes (npm rewrites node_modules/.package-lock.json on every install), and the
 * cache lives in dist/, which every build deletes. Files that Node compiles specially (ES
 * modules, `import()`) go through Node's own loader. After start-up the hooks are removed, so
 * later requires run exactly as without the cache. Any error reading or writing it only costs
 * the speed-up.
 *
 * Memory: code entries are read from the file one at a time into one reused buffer (V8 copies
 * what it deserializes), so the ~6 MB file is never held whole: it would stay in RSS until the
 * next full garbage collection, which an idle process may not run for minutes.
 */

interface InternalModule {
  path: string;
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string, format?: string): unknown;
}

interface ModuleInternals {
  _resolveFilename(request: string, parent: InternalModule | undefined, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: InternalModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  prototype: InternalModule;
  isBuiltin(request: string): boolean;
}

type CompiledWrapper = ((...args: unknown[]) => unknown) & {
  cachedData?: Buffer;
  cachedDataRejected?: boolean;
};

/** A code cache in the file read at start (offset into it), or produced by this start. */
interface Entry {
  crc: number;
  offset: number;
  length: number;
  data?: Buffer;
}

// File: u32 length of the header, the header (JSON), then the code caches in the header's order.
interface Header {
  format: string;
  node: string;
  stamp: string | null;
  resolutions: [string, string][];
  entries: [file: string, crc: number, length: number][];
}

const FORMAT = 'module-cache-v1';
const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

export interface ModuleCacheOptions {
  /** The cache file. */
  file: string;
  /** Files whose change (size, mtime) drops the cached resolutions; none of them found: no resolution cache. */
  stampFiles: string[];
}

export interface ModuleCacheStats {
  codeHits: number;
  codeMisses: number;
  resolveHits: number;
  resolveMisses: number;
  written: boolean;
}

export class ModuleCache {
  readonly stats: ModuleCacheStats = { codeHits: 0, codeMisses: 0, resolveHits: 0, resolveMisses: 0, written: false };
  private readonly loader = Module as unknown as ModuleInternals;
  private readonly originalCompile = this.loader.prototype._compile;
  private readonly originalResolve = this.loader._resolveFilename;
  private readonly resolutionStamp: string | undefined;
  /** The cache file as read at start (kept open: a newer one may replace it meanwhile). */
  private fd: number | undefined;
  private scratch = Buffer.alloc(0);
  private code = new Map<string, Entry>();
  /** What this start compiled, hits and misses. */
  private compiled = new Map<string, Entry>();
  private resolutions = new Map<string, string>();
  private installed = false;

  constructor(private readonly options: ModuleCacheOptions) {
    this.resolutionStamp = stampOf(options.stampFiles);
    this.read();
  }

  /** Starts serving requires from the cache. */
  install(): this {
    if (this.installed) return this;
    this.installed = true;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const cache = this;
    const loader = this.loader;
    const originalResolve = this.originalResolve;
    if (this.resolutionStamp !== undefined) {
      loader._resolveFilename = function (request, parent, isMain, options) {
        if (options !== undefined || isMain || !parent || loader.isBuiltin(request)) {
          return originalResolve.call(this, request, parent, isMain, options);
        }
        const key = `${parent.path}\0${request}`;
        const known = cache.resolutions.get(key);
        if (known !== undefined) {
          cache.stats.resolveHits++;
          return known;
        }
        const filename = originalResolve.call(this, request, parent, isMain, options);
        cache.stats.resolveMisses++;
        cache.resolutions.set(key, filename);
        return filename;
      };
    }
    const originalCompile = this.originalCompile;
    loader.prototype._compile = function (this: InternalModule, content: string, filename: string, format?: string) {
      const compiled = cache.compile(this, content, filename, format);
      return compiled ? compiled.result : originalCompile.call(this, content, filename, format);
    };
    return this;
  }

  /**
   * Start-up is over: removes the hooks and frees the cache; if this start loaded something the
   * cache did not hold, first writes the cache (with what earlier starts loaded and this one did not).
   */
  settle(): ModuleCacheStats {
    if (!this.installed) return this.stats;
    this.installed = false;
    this.loader.prototype._compile = this.originalCompile;
    this.loader._resolveFilename = this.originalResolve;
    if (this.stats.codeMisses > 0 || this.stats.resolveMisses > 0) this.write();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.scratch = Buffer.alloc(0);
    this.code = new Map();
    this.compiled = new Map();
    this.resolutions = new Map();
    return this.stats;
  }

  /** Undefined: Node compiles it. */
  private compile(
    module: InternalModule,
    content: string,
    filename: string,
    format?: string,
  ): { result: unknown } | undefined {
    // ES modules, files with import() (it needs Node's own loader), anything but plain CommonJS.
    if ((format !== undefined && format !== 'commonjs') || !/\.c?js$/.test(filename) || content.includes('import(')) {
      return undefined;
    }
    const crc = crc32(content);
    const entry = this.code.get(filename);
    const cachedData = entry?.crc === crc ? this.readEntry(entry, this.scratchFor(entry.length)) : undefined;
    // compileFunction, as Node's loader does (vm.Script with a wrapper held ~5 MB more heap). Its
    // code cache is taken at compile time: the file's top level and what V8 compiled eagerly.
    let wrapper: CompiledWrapper;
    try {
      wrapper = compileFunction(content, WRAPPER_PARAMETERS, {
        filename,
        cachedData,
        produceCachedData: cachedData === undefined,
      }) as CompiledWrapper;
    } catch {
      return undefined; // a syntax error: Node reports it (or loads the file as an ES module)
    }
    if (entry && cachedData && !wrapper.cachedDataRejected) {
      this.stats.codeHits++;
      this.compiled.set(filename, entry);
    } else {
      this.stats.codeMisses++;
      if (wrapper.cachedData) {
        this.compiled.set(filename, { crc, offset: -1, length: wrapper.cachedData.length, data: wrapper.cachedData });
      }
    }
    const args = [module.exports, this.requireFor(module), module, filename, dirname(filename)];
    return { result: wrapper.apply(module.exports, args) };
  }

  /** The `require` Node gives a module (lib/internal/modules/helpers.js, makeRequireFunction). */
  private requireFor(module: InternalModule): NodeJS.Require {
    const loader = this.loader;
    const require = function require(id: string): unknown {
      return module.require(id);
    } as NodeJS.Require;
    const resolve = ((request: string, options?: unknown) =>
      loader._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
    resolve.paths = (request: string) => loader._resolveLookupPaths(request, module);
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = loader._extensions as NodeJS.Require['extensions'];
    require.cache = loader._cache as NodeJS.Require['cache'];
    return require;
  }

  private scratchFor(length: number): Buffer {
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafeSlow(Math.max(length, 256 * 1024));
    return this.scratch.subarray(0, length);
  }

  /** The entry's bytes from the file read at start, into `target`; undefined if unreadable. */
  private readEntry(entry: Entry, target: Buffer): Buffer | undefined {
    if (entry.data) return entry.data;
    if (this.fd === undefined) return undefined;
    try {
      return readSync(this.fd, target, 0, entry.length, entry.offset) === entry.length ? target : undefined;
    } catch {
      return undefined;
    }
  }

  private read(): void {
    try {
      this.fd = openSync(this.options.file, 'r');
    } catch {
      return;
    }
    try {
      const size = fstatSync(this.fd).size;
      const length = Buffer.alloc(4);
      if (readSync(this.fd, length, 0, 4, 0) !== 4) throw new Error('truncated');
      const headerBytes = this.scratchFor(length.readUInt32LE(0));
      if (readSync(this.fd, headerBytes, 0, headerBytes.length, 4) !== headerBytes.length) throw new Error('truncated');
      const header = JSON.parse(headerBytes.toString('utf8')) as Header;
      if (header.format !== FORMAT || header.node !== nodeIdentity()) throw new Error('another format or Node');
      if (this.resolutionStamp !== undefined && header.stamp === this.resolutionStamp) {
        this.resolutions = new Map(header.resolutions);
      }
      let offset = 4 + headerBytes.length;
      for (const [file, crc, entryLength] of header.entries) {
        this.code.set(file, { crc, offset, length: entryLength });
        offset += entryLength;
      }
      if (offset !== size) throw new Error('truncated');
    } catch {
      closeSync(this.fd);
      this.fd = undefined;
      this.code.clear();
      this.resolutions.clear();
    }
  }

  private write(): void {
    const temporary = `${this.options.file}.${process.pid}.tmp`;
    let out: number | undefined;
    try {
      const all = new Map(this.code);
      for (const [file, entry] of this.compiled) all.set(file, entry);
      const header = Buffer.from(
        JSON.stringify({
          format: FORMAT,
          node: nodeIdentity(),
          stamp: this.resolutionStamp ?? null,
          resolutions: this.resolutionStamp === undefined ? [] : [...this.resolutions],
          entries: [...all].map(([file, entry]) => [file, entry.crc, entry.length]),
        } satisfies Header),
      );
      mkdirSync(dirname(this.options.file), { recursive: true });
      // Written aside and renamed: a start reading it meanwhile has the old file or the new one.
      out = openSync(temporary, 'w');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(header.length, 0);
      writeSync(out, length);
      writeSync(out, header);
      for (const entry of all.values()) {
        const bytes = this.readEntry(entry, this.scratchFor(entry.length));
        if (!bytes) throw new Error('the earlier cache file is unreadable');
        writeSync(out, bytes);
      }
      closeSync(out);
      out = undefined;
      renameSync(temporary, this.options.file);
      this.stats.written = true;
    } catch {
      // A read-only install: every start compiles, as without the cache.
      if (out !== undefined) closeSync(out);
      rmSync(temporary, { force: true });
    }
  }
}

function nodeIdentity(): string {
  return `${process.version} ${process.arch} v8 ${process.versions.v8}`;
}

function stampOf(files: string[]): string | undefined {
  const parts: string[] = [];
  for (const file of files) {
    try {
      const stat = statSync(file);
      parts.push(`${file} ${stat.size} ${stat.mtimeMs}`);
    } catch {
      // absent
    }
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** Whether something needs Node's own compile path (debugger, source maps, policies). */
function loaderIsInstrumented(): boolean {
  return (
    process.sourceMapsEnabled ||
    process.execArgv.some((arg) => /^--(inspect|debug|enable-source-maps|experimental-policy)/.test(arg))
  );
}

/**
 * The cache of the compiled app (dist/), installed when this module is imported: import it
 * first in an entry point. Undefined when running TypeScript (tests) or under a debugger.
 */
function enableForCompiledApp(): ModuleCache | undefined {
  if (!__filename.endsWith('.js') || loaderIsInstrumented()) return undefined;
  // dist/src/core/startup/module-cache.js: dist/ is three folders up, the repository four.
  const dist = join(__dirname, '..', '..', '..');
  return new ModuleCache({
    file: join(dist, '.cache', `modules-${process.version}-${process.arch}.bin`),
    stampFiles: [join(dist, '..', 'node_modules', '.package-lock.json'), join(dist, '..', 'package-lock.json')],
  }).install();
}

export const moduleCache = enableForCompiledApp();
