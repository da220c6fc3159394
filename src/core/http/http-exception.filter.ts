import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException, codeForStatus, CommonErrorCode, ErrorBody, errorBody } from './app.exception';

/**
 * The one HTTP exception filter: every error leaves as `{ error: { code, message, details } }`.
 * Unknown errors are logged with their stack and answered INTERNAL_ERROR without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { status, body, headers } = toErrorResponse(exception);
    if (status >= 500) {
      this.logger.error(
        { err: exception, requestId: request?.id, method: request?.method, url: request?.url },
        `Request ${request?.id ?? ''} ${request?.method ?? ''} ${request?.url ?? ''} failed`,
      );
    }
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    void reply.status(status).send(body);
  }
}

export function toErrorResponse(exception: unknown): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  if (exception instanceof AppException) {
    return {
      status: exception.status,
      body: errorBody(exception.code, exception.message, exception.details),
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    let details: unknown;
    if (typeof response === 'object' && response !== null) {
      if ('message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      // A structured answer (e.g. the health check's per-service report) travels as details.
      const extra = Object.keys(response).filter((k) => !['statusCode', 'message', 'error'].includes(k));
      if (extra.length > 0) details = response;
    }
    // Nest turns Fastify's own errors (body parsing, size limit) into HttpExceptions.
    if (status === 400 && /JSON/.test(message)) {
      return {
        status,
        body: errorBody(CommonErrorCode.MALFORMED_JSON, 'The request body is not valid JSON.'),
        headers: {},
      };
    }
    if (status === 413) {
      return {
        status,
        body: errorBody(CommonErrorCode.PAYLOAD_TOO_LARGE, 'The request body is larger than the server accepts.'),
        headers: {},
      };
    }
    if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(message)) {
      message = `No route ${message.replace(/^Cannot /, '')}`;
    }
    return { status, body: errorBody(codeForStatus(status), message, details), headers: {} };
  }
  return {
    status: 500,
    body: errorBody(CommonErrorCode.INTERNAL_ERROR, 'Something went wrong on our side. The error was logged.'),
    headers: {},
  };
}
