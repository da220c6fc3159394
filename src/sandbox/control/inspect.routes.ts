import { FastifyInstance } from 'fastify';
import { FaultKind } from '../state/fault-injector';
import { RateLimits } from '../state/rate-limiter';
import { SandboxServices } from '../sandbox-services';
import { BodyReader } from './body-reader';

const FAULT_KINDS: FaultKind[] = ['429', '500', 'slow', 'reset'];
// A long poll of the event log answers after at most this long, empty when nothing happened.
const MAX_EVENT_WAIT_MS = 30000;

type QueryRoute = { Querystring: Record<string, string | undefined> };

/** What tests read and steer: calls, violations, faults, limits, the clock, the event log, files. */
export function registerInspectRoutes(app: FastifyInstance, services: SandboxServices, prefix: string): void {
  const { state } = services;

  app.get<QueryRoute>(`${prefix}/calls`, async (request) =>
    state.calls
      .list({
        method: request.query.method,
        botId: numberOrUndefined(request.query.botId),
        after: numberOrUndefined(request.query.after),
      })
      .slice(0, numberOrUndefined(request.query.limit)),
  );

  app.get(`${prefix}/violations`, async () => state.violations);

  app.get(`${prefix}/faults`, async () => state.faults.list());

  app.post(`${prefix}/faults`, async (request) => {
    const body = new BodyReader(request.body);
    const kind = body.string('kind') as FaultKind;
    if (!FAULT_KINDS.includes(kind)) throw new Error(`kind is one of ${FAULT_KINDS.join(', ')}`);
    const chatId = body.raw('chatId');
    if (chatId !== undefined && typeof chatId !== 'number' && typeof chatId !== 'string') {
      throw new Error('chatId must be a number or a string');
    }
    return state.faults.add({
      kind,
      chatId: chatId as number | string | undefined,
      botId: body.optionalNumber('botId'),
      method: body.optionalString('method'),
      retryAfter: body.optionalNumber('retryAfter'),
      delayMs: body.optionalNumber('delayMs'),
      count: body.optionalNumber('count'),
    });
  });

  app.delete(`${prefix}/faults`, async () => {
    state.faults.clear();
    return { ok: true };
  });

  app.get(`${prefix}/limits`, async () => state.rateLimiter.limits);

  app.put(`${prefix}/limits`, async (request) => {
    const body = new BodyReader(request.body);
    const changes: Partial<RateLimits> = {};
    for (const name of [
      'botPerSecond',
      'chatPerSecond',
      'chatBurst',
      'groupPerMinute',
      'violationPenaltySeconds',
    ] as const) {
      const value = body.optionalNumber(name);
      if (value !== undefined) changes[name] = value;
    }
    const enabled = body.optionalBoolean('enabled');
    if (enabled !== undefined) changes.enabled = enabled;
    return state.rateLimiter.configure(changes);
  });

  app.post(`${prefix}/clock/advance`, async (request) => {
    state.clock.advance(new BodyReader(request.body).number('ms'));
    return { now: state.clock.now() };
  });

  app.post(`${prefix}/clock/freeze`, async () => {
    state.clock.freeze();
    return { now: state.clock.now() };
  });

  app.post(`${prefix}/clock/resume`, async () => {
    state.clock.resume();
    return { now: state.clock.now() };
  });

  // Long polling for the test client: events after `after`, waiting up to timeoutMs for the first.
  app.get<QueryRoute>(`${prefix}/events`, async (request, reply) => {
    const after = numberOrUndefined(request.query.after) ?? 0;
    const timeoutMs = Math.min(MAX_EVENT_WAIT_MS, numberOrUndefined(request.query.timeoutMs) ?? 0);
    const closed = new AbortController();
    reply.raw.on('close', () => closed.abort());
    const events = await state.events.wait(after, timeoutMs, AbortSignal.any([closed.signal, services.closing]));
    return { seq: state.events.lastSeq, events };
  });

  // Server-Sent Events for the page: everything from Last-Event-ID (or ?after=) on, live.
  app.get<QueryRoute>(`${prefix}/events/stream`, (request, reply) => {
    const lastId = Number(request.headers['last-event-id'] ?? request.query.after ?? state.events.lastSeq);
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // Sends the headers now (a browser reconnects after 1 s if the stream drops).
    out.write('retry: 1000\n\n');
    const send = (event: { seq: number }): void => {
      out.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    for (const event of state.events.since(lastId, Number.MAX_SAFE_INTEGER)) send(event);
    const unsubscribe = state.events.subscribe(send);
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15000);
    const stop = (): void => {
      clearInterval(keepAlive);
      unsubscribe();
      services.closing.removeEventListener('abort', end);
    };
    const end = (): void => {
      stop();
      out.end();
    };
    out.on('close', stop);
    services.closing.addEventListener('abort', end);
  });

  // Files for the page (photos shown, documents downloaded) without a bot token.
  app.get<{ Params: { fileId: string } }>(`${prefix}/files/:fileId`, async (request, reply) => {
    const file = state.files.get(request.params.fileId);
    if (!file) return reply.code(404).send({ error: 'No such file' });
    const name = file.fileName ?? file.filePath.split('/').pop() ?? 'file';
    return reply
      .header('content-type', file.mimeType ?? 'application/octet-stream')
      .header('content-disposition', `inline; filename="${name.replace(/["\\\r\n]/g, '_')}"`)
      .send(file.data);
  });
}

function numberOrUndefined(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
