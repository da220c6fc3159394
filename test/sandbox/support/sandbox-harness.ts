import { SandboxClient } from '../../../src/sandbox/client/sandbox-client';
import { RunningSandbox, startSandboxServer } from '../../../src/sandbox/sandbox-server';
import { SandboxOptions } from '../../../src/sandbox/state/sandbox-state';

// Bot API answers are whatever the sandbox sent; assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface BotApiAnswer {
  status: number;
  body: Json;
}

export type BodyEncoding = 'json' | 'form' | 'query' | 'multipart';

export interface Harness {
  sandbox: RunningSandbox;
  client: SandboxClient;
  /** Calls `/bot<token>/<method>` the way a Bot API library would. */
  call(token: string, method: string, params?: Record<string, unknown>, encoding?: BodyEncoding): Promise<BotApiAnswer>;
  close(): Promise<void>;
}

/** A sandbox of its own on a free port (test files run in parallel). */
export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandboxServer({ options });
  const client = new SandboxClient(sandbox.url);
  return {
    sandbox,
    client,
    call: (token, method, params = {}, encoding = 'json') => callBotApi(sandbox.url, token, method, params, encoding),
    close: () => sandbox.close(),
  };
}

export async function callBotApi(
  root: string,
  token: string,
  method: string,
  params: Record<string, unknown>,
  encoding: BodyEncoding = 'json',
): Promise<BotApiAnswer> {
  const url = `${root}/bot${token}/${method}`;
  const asText = (value: unknown): string => (typeof value === 'object' ? JSON.stringify(value) : String(value));
  let response: Response;
  if (encoding === 'json') {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
  } else if (encoding === 'form') {
    const form = new URLSearchParams(
      Object.entries(params).map(([key, value]) => [key, asText(value)] as [string, string]),
    );
    response = await fetch(url, { method: 'POST', body: form });
  } else if (encoding === 'query') {
    const query = new URLSearchParams(
      Object.entries(params).map(([key, value]) => [key, asText(value)] as [string, string]),
    );
    response = await fetch(`${url}?${query}`);
  } else {
    const form = new FormData();
    for (const [key, value] of Object.entries(params)) {
      if (value instanceof Blob) form.set(key, value, (value as File).name ?? key);
      else form.set(key, asText(value));
    }
    response = await fetch(url, { method: 'POST', body: form });
  }
  return { status: response.status, body: await response.json() };
}

/** Expects a Bot API error answer with Telegram's code and description. */
export function expectError(answer: BotApiAnswer, code: number, description: string | RegExp): void {
  expect({ status: answer.status, ok: answer.body.ok, code: answer.body.error_code }).toEqual({
    status: code,
    ok: false,
    code,
  });
  if (typeof description === 'string') expect(answer.body.description).toBe(description);
  else expect(answer.body.description).toMatch(description);
}

export function expectOk(answer: BotApiAnswer): Json {
  if (!answer.body.ok) throw new Error(`Expected ok, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.result;
}
