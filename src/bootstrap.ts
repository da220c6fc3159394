import { IncomingMessage } from 'node:http';
import { DynamicModule, INestApplicationContext, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './core/config/app-config';
import { HttpExceptionFilter } from './core/http/http-exception.filter';
import { createValidationPipe } from './core/http/validation';
import { requestIdFrom } from './core/logging/logging.module';
import { MetricsService } from './core/metrics/metrics.service';
import { mountBullBoard } from './core/queue/bull-board';

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

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Telegram CRM integration')
      .setDescription('Admin and integration API: CRM, Telegram bot, account linking, notifications.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', name: 'X-Api-Key', in: 'header' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: `${API_DOCS_PATH}/json` });
  await mountBullBoard(app);
  return app;
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
