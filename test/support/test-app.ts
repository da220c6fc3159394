import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, CreateAppOptions } from '../../src/bootstrap';
import { AppConfig } from '../../src/core/config/app-config';
import { createTestConfig } from './test-stack';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  /** fetch() against the app's real HTTP port. */
  request: (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
  close: () => Promise<void>;
}

/** The real HTTP app on a free loopback port, on its own database and Redis db. */
export async function startTestApp(
  overrides: Record<string, string> = {},
  options: CreateAppOptions = {},
): Promise<TestApp> {
  const config = await createTestConfig(overrides);
  const app = await createHttpApp(config, options);
  // In local (sandbox) mode the bot calls this very process on PORT: listen there.
  await app.listen({ port: overrides.PORT ? Number(overrides.PORT) : 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const request = (path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> => {
    const { json, headers, ...rest } = init;
    return fetch(baseUrl + path, {
      ...rest,
      headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(headers ?? {}) },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  };
  return { app, config, baseUrl, request, close: () => app.close() };
}

// Response bodies in tests are whatever the API sent; assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function readJson(res: Response | Promise<Response>): Promise<Json> {
  return (await res).json();
}
