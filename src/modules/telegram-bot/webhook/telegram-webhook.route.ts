import { HttpException, Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrorCode, errorBody } from '../../../core/http/app.exception';
import { toErrorResponse } from '../../../core/http/http-exception.filter';
import { TelegramBotErrorCode } from '../telegram-bot.exception';
import { UpdateIngestService } from '../updates/update-ingest.service';
import { isRawUpdate } from '../updates/update-key.util';
import { WebhookSecretService } from './webhook-secret.service';

export const WEBHOOK_PATH = 'api/telegram/webhook';

const OK = '{"ok":true}';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Telegram's webhook, `POST /api/telegram/webhook`: thousands of requests a second, so a plain
 * Fastify route rather than a Nest controller (no guards, pipes, interceptors or per-request
 * logger: the request log leaves it out anyway). The app's Fastify hooks still apply (request
 * id, `http_request_duration_seconds`, 503 while closing), as do `HTTP_BODY_LIMIT` and the error
 * format. The update is committed to the inbox before the 200: Telegram retries only on a
 * non-2xx answer, so a 200 for an update we did not store would lose it. The body is parsed once
 * to check it and stored as received.
 */
@Injectable()
export class TelegramWebhookRoute {
  private readonly logger = new Logger('TelegramWebhook');

  constructor(
    private readonly secret: WebhookSecretService,
    private readonly ingest: UpdateIngestService,
  ) {}

  /** Register on the app's Fastify instance (awaited) before it starts. */
  plugin(bodyLimit: number): FastifyPluginAsync {
    return async (fastify: FastifyInstance) => {
      // Fastify's own errors (e.g. a broken request stream) in the app's error format.
      fastify.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
        const { status, body } = toErrorResponse(new HttpException(error.message, error.statusCode ?? 500));
        void reply.code(status).send(body);
      });
      fastify.route({
        method: 'POST',
        url: `/${WEBHOOK_PATH}`,
        // The whole exchange happens in this hook, before Fastify's body parsing and handler
        // hooks: measured under load, ~100 µs less CPU per request (Fastify wraps each parsed
        // body in an AsyncResource, costly on Node 20). Answering from a hook is documented
        // Fastify: the hook sends the reply and never calls `done`, so the lifecycle stops here.
        onRequest: (request, reply, _done) => {
          void this.readBody(request, reply, bodyLimit).then((text) =>
            text === undefined ? undefined : this.receive(request, reply, text),
          );
        },
        handler: () => {
          throw new Error('Answered in onRequest');
        },
      });
    };
  }

  /** The body as text: JSON only (else 415), at most `limit` bytes (else 413); undefined once answered. */
  private readBody(request: FastifyRequest, reply: FastifyReply, limit: number): Promise<string | undefined> {
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      fail(reply, 415, CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, `Content type '${type}' is not accepted here.`);
      return Promise.resolve(undefined);
    }
    const tooLarge = (): undefined => {
      void reply.header('connection', 'close');
      fail(reply, 413, CommonErrorCode.PAYLOAD_TOO_LARGE, 'The request body is larger than the server accepts.');
      return undefined;
    };
    if (Number(request.headers['content-length']) > limit) return Promise.resolve(tooLarge());
    return new Promise((resolve) => {
      const raw = request.raw;
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer): void => {
        size += chunk.length;
        if (size > limit) {
          raw.off('data', onData);
          raw.resume();
          resolve(tooLarge());
          return;
        }
        chunks.push(chunk);
      };
      raw.on('data', onData);
      raw.once('end', () => {
        if (size <= limit) resolve((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8'));
      });
      raw.once('error', () => {
        // The client went away or sent a broken body: nothing to store, nobody to answer.
        if (!reply.sent) fail(reply, 400, CommonErrorCode.BAD_REQUEST, 'The request body could not be read.');
        resolve(undefined);
      });
    });
  }

  private async receive(request: FastifyRequest, reply: FastifyReply, text: string): Promise<FastifyReply> {
    if (!this.secret.matches(request.headers['x-telegram-bot-api-secret-token'])) {
      return fail(reply, 401, TelegramBotErrorCode.WEBHOOK_SECRET_INVALID, 'Wrong or missing secret token.');
    }
    let update: unknown;
    try {
      update = JSON.parse(text);
    } catch {
      return fail(reply, 400, CommonErrorCode.MALFORMED_JSON, 'The request body is not valid JSON.');
    }
    if (!isRawUpdate(update)) {
      return fail(reply, 400, TelegramBotErrorCode.UPDATE_INVALID, 'The body is not a Telegram Update.');
    }
    try {
      await this.ingest.accept([update], 'webhook', [text]);
    } catch (error) {
      // Telegram will deliver it again.
      this.logger.error(`Could not store update ${update.update_id}: ${(error as Error).message}`);
      return fail(reply, 503, TelegramBotErrorCode.INBOX_UNAVAILABLE, 'The update could not be stored; retry.');
    }
    return reply.code(200).header('content-type', JSON_TYPE).send(OK);
  }
}

function fail(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', JSON_TYPE)
    .send(JSON.stringify(errorBody(code, message)));
}
