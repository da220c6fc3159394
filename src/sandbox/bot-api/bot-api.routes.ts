import { setTimeout as delay } from 'node:timers/promises';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SandboxBot } from '../state/sandbox-bot';
import { SandboxState } from '../state/sandbox-state';
import { BotApiDispatcher } from './bot-api-dispatcher';
import { BotApiError } from './bot-api-error';

// Bots upload files of at most 50 MB; a little more for the multipart framing.
const UPLOAD_BODY_LIMIT = 52 * 1024 * 1024;
const TOKEN_FORMAT = /^\d+:[A-Za-z0-9_-]+$/;

type BotApiRoute = { Params: { token: string; method: string }; Querystring: Record<string, string> };

/** `/bot<token>/<method>` and `/file/bot<token>/<path>`, as api.telegram.org serves them. */
export function registerBotApiRoutes(app: FastifyInstance, state: SandboxState, api: BotApiDispatcher): void {
  app.route<BotApiRoute>({
    method: ['GET', 'POST'],
    url: '/bot:token/:method',
    bodyLimit: UPLOAD_BODY_LIMIT,
    handler: async (request, reply) => {
      const bot = authenticate(state, request.params.token);
      const raw = { ...request.query, ...(isRecord(request.body) ? request.body : {}) };
      const { method } = request.params;
      const signal = abortOnClose(reply);
      if (!(await applyFault(state, api, bot, method, raw, request, reply))) return reply;
      const { result, description } = await api.call(bot, method, raw, signal);
      return reply.send({ ok: true, result, ...(description ? { description } : {}) });
    },
  });

  app.get<{ Params: { token: string; '*': string } }>('/file/bot:token/*', async (request, reply) => {
    authenticate(state, request.params.token);
    const file = state.files.getByPath(request.params['*']);
    if (!file) throw new BotApiError(404, 'Not Found');
    return reply
      .header('content-type', file.mimeType ?? 'application/octet-stream')
      .header('content-length', file.data.length)
      .send(file.data);
  });
}

/** A malformed token is an unknown URL (404); a well-formed unknown one is 401, as on api.telegram.org. */
function authenticate(state: SandboxState, token: string): SandboxBot {
  if (!TOKEN_FORMAT.test(token)) throw new BotApiError(404, 'Not Found');
  const bot = state.botByToken(token);
  if (!bot) throw new BotApiError(401, 'Unauthorized');
  return bot;
}

/** Injected faults. Returns false when the fault answered (or dropped) the call. */
async function applyFault(
  state: SandboxState,
  api: BotApiDispatcher,
  bot: SandboxBot,
  method: string,
  raw: Record<string, unknown>,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const fault = state.faults.take(bot.id, method, raw.chat_id);
  if (!fault) return true;
  switch (fault.kind) {
    case 'slow':
      await delay(fault.delayMs ?? 5000);
      return true;
    case 'reset':
      api.recordFault(bot, method, raw, new BotApiError(0, 'connection reset (injected)'));
      reply.hijack();
      request.raw.socket.destroy();
      return false;
    case '500': {
      const error = new BotApiError(500, 'Internal Server Error');
      api.recordFault(bot, method, raw, error);
      await reply.code(500).send({ ok: false, ...error.toBody() });
      return false;
    }
    case '429': {
      const retryAfter = fault.retryAfter ?? 5;
      const chatId = Number(raw.chat_id);
      if (Number.isSafeInteger(chatId)) state.rateLimiter.block(bot.id, chatId, retryAfter);
      const error = BotApiError.tooManyRequests(retryAfter);
      api.recordFault(bot, method, raw, error);
      await reply.code(429).send({ ok: false, ...error.toBody() });
      return false;
    }
  }
}

function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
