import { FastifyInstance } from 'fastify';
import { formDataToParams } from './input-file';

/** Marks a body Telegram could not read, so that the error handler can answer in the Bot API's shape. */
export class UnreadableBodyError extends Error {
  readonly statusCode = 400;
}

/**
 * The bodies Telegram accepts: JSON, URL-encoded forms and multipart (files). Registered in the
 * sandbox's own encapsulated context, so they replace nothing in a host app.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  for (const type of ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
  }
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new UnreadableBodyError("can't parse JSON encoded request"), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    // undici's FormData parser reads the multipart body without another dependency.
    new Request('http://sandbox.local/', {
      method: 'POST',
      headers: { 'content-type': String(request.headers['content-type']) },
      body: body as Buffer,
    })
      .formData()
      .then(formDataToParams)
      .then(
        (params) => done(null, params),
        () => done(new UnreadableBodyError("can't parse multipart/form-data request"), undefined),
      );
  });
}
