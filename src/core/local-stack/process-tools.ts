import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { executableSearchPath } from '../config/env';

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Full path of an executable found on PATH (or in the usual sbin folders), else undefined. */
export function findExecutable(name: string, pathVariable = executableSearchPath()): string | undefined {
  const dirs = [...pathVariable.split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function isDebianLike(): boolean {
  if (existsSync('/etc/debian_version')) return true;
  try {
    return /ID(_LIKE)?=.*(debian|ubuntu)/.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

/** uid and gid of an OS user, or undefined when it does not exist. */
export function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Creates a system user without a login shell or home directory (root only). */
export function createSystemUser(name: string): { uid: number; gid: number } {
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], {
    stdio: 'pipe',
  });
  const ids = lookupUser(name);
  if (!ids) throw new Error(`Created the OS user ${name} but cannot look it up`);
  return ids;
}
