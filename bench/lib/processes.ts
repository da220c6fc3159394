import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startNode(script: string, env: Record<string, string>, cwd: string): Started {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Milliseconds until `url` answers 200, polling every 5 ms. */
export async function msUntilOk(url: string, started: number, run: Started, timeoutMs = 60_000): Promise<number> {
  while (Date.now() - started < timeoutMs) {
    if (run.child.exitCode !== null) throw new Error(`process exited:\n${run.output()}`);
    const res = await fetch(url).catch(() => undefined);
    if (res?.status === 200) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms:\n${run.output()}`);
}

/** Resident set size of a process in MB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export async function stop(run: Started): Promise<void> {
  if (run.child.exitCode !== null) return;
  run.child.kill('SIGTERM');
  await run.exited;
}
