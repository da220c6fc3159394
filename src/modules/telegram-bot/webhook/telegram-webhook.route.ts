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
 * id, `http_request_duration_seconds`, 503 while closing), as do the body limit and the error
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
  plugin(): FastifyPluginAsync {
    return async (fastify: FastifyInstance) => {
      // This plugin's context only: JSON alone (anything else is 415), as text, so it is stored
      // without a second serialization.
      fastify.removeAllContentTypeParsers();
      fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
        done(null, body),
      );
      // Fastify's own refusals (body too large, another content type) in the app's error format.
      fastify.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
        const { status, body } = toErrorResponse(new HttpException(error.message, error.statusCode ?? 500));
        void reply.code(status).send(body);
      });
      fastify.post(`/${WEBHOOK_PATH}`, (request, reply) => this.receive(request, reply));
    };
  }

  private async receive(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (!this.secret.matches(request.headers['x-telegram-bot-api-secret-token'])) {
      return fail(reply, 401, TelegramBotErrorCode.WEBHOOK_SECRET_INVALID, 'Wrong or missing secret token.');
    }
    const text = request.body as string;
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
