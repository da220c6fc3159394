import type { SandboxEvent } from '../state/event-log';

export class SandboxClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface WaitOptions {
  timeoutMs?: number;
}

/** HTTP to the control API, and waiting on its event log (long polling, no sleeps). */
export class SandboxHttp {
  constructor(
    readonly baseUrl: string,
    readonly apiPath: string,
    readonly defaultTimeoutMs: number,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${this.apiPath}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const message = (parsed as { error?: string } | undefined)?.error ?? text;
      throw new SandboxClientError(response.status, `${method} ${path}: ${message}`);
    }
    return parsed as T;
  }

  async lastSeq(): Promise<number> {
    return (await this.request<{ seq: number }>('GET', '/events?timeoutMs=0')).seq;
  }

  /** The first event after `after` that `match` accepts; fails after the timeout naming what it waited for. */
  async waitForEvent(
    match: (event: SandboxEvent) => boolean,
    options: { after: number; description: string } & WaitOptions,
  ): Promise<SandboxEvent> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    let cursor = options.after;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.description}`);
      const { events } = await this.request<{ events: SandboxEvent[] }>(
        'GET',
        `/events?after=${cursor}&timeoutMs=${Math.min(remaining, 10000)}`,
      );
      for (const event of events) {
        cursor = event.seq;
        if (match(event)) return event;
      }
    }
  }
}
