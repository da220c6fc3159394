import { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BotApiError } from './bot-api/bot-api-error';
import { registerBotApiRoutes } from './bot-api/bot-api.routes';
import { registerBodyParsers, UnreadableBodyError } from './bot-api/body-parsers';
import { registerChatRoutes } from './control/chat.routes';
import { registerEntityRoutes } from './control/entity.routes';
import { registerInspectRoutes } from './control/inspect.routes';
import { registerPageRoutes } from './page/page.routes';
import { createSandboxServices } from './sandbox-services';
import { SandboxOptions, SandboxState } from './state/sandbox-state';

export interface SandboxPluginOptions {
  /** The state to serve; a new one (with `options`) when absent. */
  state?: SandboxState;
  options?: SandboxOptions;
  /** Where the chat page lives; its control API is `<pagePath>/api`. */
  pagePath?: string;
}

// Control API bodies carry base64 files of up to 50 MB.
const CONTROL_BODY_LIMIT = 70 * 1024 * 1024;

/**
 * The Telegram sandbox on a Fastify instance: the Bot API (`/bot<token>/<method>`,
 * `/file/bot<token>/<path>`), the control API and the chat page under `pagePath`. Its body parsers
 * and error handler live in an encapsulated child context, so a host app keeps its own.
 */
async function sandbox(app: FastifyInstance, options: SandboxPluginOptions): Promise<void> {
  const state = options.state ?? new SandboxState(options.options);
  const services = createSandboxServices(state);
  const pagePath = (options.pagePath ?? '/sandbox').replace(/\/$/, '');
  const apiPath = `${pagePath}/api`;
  app.addHook('preClose', async () => services.close());
  await app.register(async (child) => {
    registerBodyParsers(child);
    child.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply, apiPath));
    registerBotApiRoutes(child, state, services.api);
    await child.register(async (control) => {
      // Fastify takes a body limit per route, not per plugin: give every control route the large one.
      control.addHook('onRoute', (route) => {
        route.bodyLimit ??= CONTROL_BODY_LIMIT;
      });
      registerEntityRoutes(control, services, apiPath);
      registerChatRoutes(control, services, apiPath);
      registerInspectRoutes(control, services, apiPath);
    });
    registerPageRoutes(child, pagePath, apiPath);
  });
}

function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply, apiPath: string) {
  if (request.url.startsWith(apiPath)) {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
    return reply.code(status).send({ error: error.message });
  }
  // The Bot API answers every failure in its own envelope.
  let apiError: BotApiError;
  if (error instanceof BotApiError) apiError = error;
  else if (error instanceof UnreadableBodyError) apiError = BotApiError.badRequest(error.message);
  else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') apiError = new BotApiError(413, 'Request Entity Too Large');
  else if (error.statusCode && error.statusCode < 500) apiError = BotApiError.badRequest(error.message);
  else apiError = new BotApiError(500, `Internal Server Error: ${error.message}`);
  return reply.code(apiError.code).send({ ok: false, ...apiError.toBody() });
}

export const sandboxPlugin = fp(sandbox, { name: 'telegram-sandbox', fastify: '5.x' });
