import { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { DynamicModule, INestApplicationContext, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './core/config/app-config';
import { HttpExceptionFilter } from './core/http/http-exception.filter';
import { createValidationPipe } from './core/http/validation';
import { requestIdFrom } from './core/logging/logging.module';
import { MetricsService } from './core/metrics/metrics.service';
import { mountBullBoard } from './core/queue/bull-board';
import { TelegramConnection } from './core/telegram/telegram-connection';
import { TelegramWebhookRoute } from './modules/telegram-bot/webhook/telegram-webhook.route';

export const API_DOCS_PATH = 'api/docs';

/** The HTTP application (API, webhook, pages), configured but not listening yet. */
export interface CreateAppOptions {
  /** Modules added to the app (tests use it to mount probes). */
  extraImports?: (Type | DynamicModule)[];
}

export async function createHttpApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.env.HTTP_BODY_LIMIT,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      // One id for Fastify, the pino logger and the client: theirs when sane, else a UUID.
      const id = requestIdFrom(req.headers['x-request-id']);
      req.headers['x-request-id'] = id;
      return id;
    },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.extraImports),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());

  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observeHttp(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  // Telegram's webhook: a plain Fastify route (after the hooks above, which it keeps).
  await fastify.register(app.get(TelegramWebhookRoute).plugin(config.env.HTTP_BODY_LIMIT));

  // Built on the first request to the docs, not at start-up (it scans every route).
  const documentFactory = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Telegram CRM integration')
        .setDescription('Admin and integration API: CRM, Telegram bot, account linking, notifications.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'api-key')
        .build(),
    );
  SwaggerModule.setup(API_DOCS_PATH, app, documentFactory, { jsonDocumentUrl: `${API_DOCS_PATH}/json` });
  await mountBullBoard(app);
  await mountSandboxIfLocal(app);
  return app;
}

/**
 * Fastify's own schema compilers (Ajv, fast-json-stringify), loaded on the first route that has
 * a schema instead of when Fastify is created: no route has one, and loading them took ~90 ms of
 * start-up. (With a compiler factory of its own, Fastify leaves the keys of a `headers` schema as
 * written instead of lowercasing them: no route has one either.)
 */
function lazySchemaCompilers(): SchemaCompilers {
  // Fastify's dependencies, resolved from Fastify as Fastify itself does.
  const load = (name: string): CompilerSelector =>
    (require(require.resolve(name, { paths: [dirname(require.resolve('fastify'))] })) as () => CompilerSelector)();
  let validator: CompilerSelector | undefined;
  let serializer: CompilerSelector | undefined;
  return {
    buildValidator: (schemas: unknown, options: unknown) =>
      (validator ??= load('@fastify/ajv-compiler'))(schemas, options),
    buildSerializer: (schemas: unknown, options: unknown) =>
      (serializer ??= load('@fastify/fast-json-stringify-compiler'))(schemas, options),
  } as SchemaCompilers;
}

type CompilerSelector = (externalSchemas: unknown, options: unknown) => unknown;
type SchemaCompilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

export const SANDBOX_PAGE_PATH = '/sandbox';
export const SANDBOX_BOT_USERNAME = 'crm_sandbox_bot';

/**
 * Without a bot token outside production, this process also plays Telegram: the sandbox's
 * Bot API and chat page are served next to the app, and the service's bot lives there.
 * Loaded only then, so production never loads the sandbox's code.
 */
async function mountSandboxIfLocal(app: NestFastifyApplication): Promise<void> {
  const connection = app.get(TelegramConnection);
  if (!connection.isSandbox) return;
  const { sandboxPlugin } = require('./sandbox/sandbox.plugin') as typeof import('./sandbox/sandbox.plugin');
  const { SandboxState } = require('./sandbox/state/sandbox-state') as typeof import('./sandbox/state/sandbox-state');
  const state = new SandboxState();
  state.createBot({ username: SANDBOX_BOT_USERNAME, token: connection.token, firstName: 'CRM Assistant' });
  await app.register(sandboxPlugin as never, { state, pagePath: SANDBOX_PAGE_PATH } as never);
}

/** The worker process: queue processors and schedulers, no HTTP. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  context.useLogger(context.get(Logger));
  return context;
}

export const bootLogger = new NestLogger('Bootstrap');
