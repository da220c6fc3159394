import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { FastifyInstance } from 'fastify';
import { ALL_QUEUES } from './queue.constants';

export const BULL_BOARD_PATH = '/admin/queues';

/** Mounts Bull Board (the queue dashboard) on the app's Fastify instance. */
export async function mountBullBoard(app: INestApplication): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name)))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Telegram CRM queues' } },
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  await fastify.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
