import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { childProcessEnvironment } from '../config/env';
import { findFreePort } from './free-port';
import { killOnExit, stopChild, stopProcessFromPidFile } from './postgres-server';
import { findExecutable, isDebianLike, isRoot } from './process-tools';

export interface RedisServerOptions {
  dataDir: string;
  port?: number;
  /** No persistence (tests and benchmarks only). */
  ephemeral?: boolean;
  /** Install Debian's redis-server with apt-get when it is missing and we are root. */
  allowInstall?: boolean;
  log?: (line: string) => void;
  extraArgs?: string[];
}

export interface RunningRedis {
  url: string;
  port: number;
  pid: number;
  stop: () => Promise<void>;
}

export const REDIS_INSTALL_HINT = 'sudo apt-get install -y redis-server   (macOS: brew install redis)';

/** Finds redis-server, installing Debian's package when allowed; else a clear error naming the command. */
export function ensureRedisServerBinary(allowInstall: boolean, log: (line: string) => void): string {
  const found = findExecutable('redis-server');
  if (found) return found;
  if (allowInstall && isRoot() && isDebianLike()) {
    log('redis-server is not installed: installing it with apt-get (Debian package redis-server)');
    const env = childProcessEnvironment({ DEBIAN_FRONTEND: 'noninteractive' });
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
      stdio: 'inherit',
      env,
    });
    const installed = findExecutable('redis-server');
    if (update.status === 0 && install.status === 0 && installed) return installed;
  }
  throw new Error(
    `redis-server is not installed and REDIS_URL is not set. Install it with:\n  ${REDIS_INSTALL_HINT}\nor set REDIS_URL.`,
  );
}

/**
 * Starts redis-server on 127.0.0.1 with its data in `dataDir`: append-only file with fsync
 * every second (a kill -9 loses at most a second; without it Bull lost half its jobs),
 * and `noeviction`, which Bull requires.
 */
export async function startRedis(options: RedisServerOptions): Promise<RunningRedis> {
  const log = options.log ?? (() => undefined);
  const binary = ensureRedisServerBinary(options.allowInstall ?? true, log);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const pidFile = `${dataDir}/redis.pid`;
  await stopProcessFromPidFile(pidFile, 'redis-server', 'SIGTERM', log);
  const port = options.port ?? (await findFreePort());
  const args = [
    '--pidfile',
    pidFile,
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--daemonize',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--appendonly',
    options.ephemeral ? 'no' : 'yes',
    '--appendfsync',
    'everysec',
    '--databases',
    '1024',
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child, 'SIGTERM');
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`redis: ${line.trim()}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited during start-up (code ${code}):\n${output.trim()}`)),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([waitForPing(url), exited]);
  exited.catch(() => undefined);
  log(`Redis listening on 127.0.0.1:${port} (data in ${dataDir})`);
  return { url, port, pid: child.pid ?? 0, stop: () => stopChild(child, 'SIGTERM') };
}

async function waitForPing(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      // While loading the append-only file Redis answers LOADING: wait for a real PONG.
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Redis did not answer on ${url} within ${timeoutMs} ms`);
}
