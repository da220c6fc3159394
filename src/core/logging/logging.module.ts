import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { maskBotToken, REDACTED_PATHS } from './redaction';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Probes, scrapes and Telegram's webhook (thousands a second) would drown the request log; their
// failures are logged where they happen.
const QUIET_PATHS = /^\/(health|metrics|api\/telegram\/webhook)/;

/** The id of a request: the caller's `x-request-id` when it is sane, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Telegram's webhook takes thousands of requests a second: no per-request logger there
        // (its failures are logged by the webhook itself).
        exclude: [{ method: RequestMethod.POST, path: 'api/telegram/webhook' }],
        pinoHttp: {
          level: config.env.LOG_LEVEL,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          transport:
            config.isProduction || config.isTest
              ? undefined
              : {
                  target: 'pino-pretty',
                  options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
                },
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const id = requestIdFrom(req.headers['x-request-id']);
            res.setHeader('x-request-id', id);
            return id;
          },
          customProps: () => ({}),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: maskBotToken(req.url),
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
