import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FastifyInstance } from 'fastify';

// Plain files next to this one (copied to dist by swc --copy-files): no build step for the page.
const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'chat-view.js': 'text/javascript; charset=utf-8',
  'dialogs.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** The chat page at `pagePath`, told where its control API lives. */
export function registerPageRoutes(app: FastifyInstance, pagePath: string, apiPath: string): void {
  const html = readFileSync(join(__dirname, 'index.html'), 'utf8')
    .replaceAll('{{API_PATH}}', apiPath)
    .replaceAll('{{PAGE_PATH}}', pagePath);
  app.get(pagePath, async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  app.get<{ Params: { name: string } }>(`${pagePath}/assets/:name`, async (request, reply) => {
    const type = ASSETS[request.params.name];
    if (!type) return reply.code(404).send({ error: 'Not found' });
    return reply.type(type).send(readFileSync(join(__dirname, request.params.name)));
  });
}
