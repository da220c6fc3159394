import Fastify from 'fastify';
import { sandboxPlugin } from './sandbox.plugin';
import { SandboxOptions, SandboxState } from './state/sandbox-state';

export interface RunningSandbox {
  /** The server's root: the Bot API root (apiRoot) and the page at `${url}/sandbox`. */
  url: string;
  state: SandboxState;
  close(): Promise<void>;
}

/** The sandbox alone on its own port (0 = a free one), for tests, benchmarks and `npm run sandbox`. */
export async function startSandboxServer(
  input: { port?: number; host?: string; options?: SandboxOptions } = {},
): Promise<RunningSandbox> {
  const state = new SandboxState(input.options);
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(sandboxPlugin, { state });
  const host = input.host ?? '127.0.0.1';
  await app.listen({ port: input.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : input.port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return { url: `http://${shownHost}:${port}`, state, close: () => app.close() };
}
