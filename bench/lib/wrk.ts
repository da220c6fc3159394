import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from '../../src/core/local-stack/process-tools';

export interface LoadResult {
  client: 'wrk' | 'autocannon';
  perSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
}

export function wrkAvailable(): boolean {
  return findExecutable('wrk') !== undefined;
}

/**
 * POSTs the given JSON bodies in turn, each with a fresh `update_id`, with wrk (a C client:
 * on 2 cores a Node client would itself be the bottleneck). Debian: apt-get install wrk.
 */
export function wrkPostUpdates(
  url: string,
  bodies: Record<string, unknown>[],
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): LoadResult {
  const templates = bodies.map((b) =>
    JSON.stringify({ ...b, update_id: 0 }).replace('"update_id":0', '"update_id":UPDATE_ID'),
  );
  const lua = `
local bodies = { ${templates.map((t) => `[==[${t}]==]`).join(',\n')} }
local headers = { ${Object.entries({ 'content-type': 'application/json', ...headers })
    .map(([k, v]) => `["${k}"] = "${v}"`)
    .join(', ')} }
local counter = 0
request = function()
  counter = counter + 1
  local body = string.gsub(bodies[(counter % #bodies) + 1], "UPDATE_ID", tostring(counter))
  return wrk.format("POST", nil, headers, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %f %f\\n", summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end`;
  const dir = mkdtempSync(join(tmpdir(), 'wrk-'));
  const script = join(dir, 'updates.lua');
  writeFileSync(script, lua);
  const out = execFileSync('wrk', [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    '-s',
    script,
    url,
  ]).toString();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const result = /RESULT (\d+) ([\d.]+) ([\d.]+)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return {
    client: 'wrk',
    perSecond: rps,
    requests: Number(result?.[1] ?? 0),
    p50: Number(result?.[2] ?? 0),
    p99: Number(result?.[3] ?? 0),
    non2xx,
  };
}
