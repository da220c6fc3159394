import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { QUEUES } from '../../../core/queue/queue.constants';
import { PRIORITY } from '../notifications.constants';
import type { JobTicket } from '../outbox/notifications.repository';

export const DELIVER_JOB = 'deliver';
const ADD_BATCH = 100;

/** The payload of a delivery job: which row, and which job number of it (older numbers are stale). */
export interface DeliverJobData {
  id: string;
  seq: number;
}

export function deliveryJobId(ticket: { id: string; jobSeq: number }): string {
  return `n.${ticket.id}.${ticket.jobSeq}`;
}

/**
 * The only producer of the notifications queue. A job is a wake-up call for one outbox row;
 * failing to add one (Redis down) loses nothing: the sweeper finds rows without a live job.
 */
@Injectable()
export class DeliveryProducer {
  private readonly logger = new Logger(DeliveryProducer.name);

  constructor(@InjectQueue(QUEUES.NOTIFICATIONS) private readonly queue: Queue<DeliverJobData>) {}

  async enqueue(tickets: JobTicket[]): Promise<void> {
    if (tickets.length === 0) return;
    const now = Date.now();
    try {
      // In small batches: one MULTI of thousands of jobs would hold Redis (and every worker's
      // send slot reservation) for a noticeable time.
      for (let start = 0; start < tickets.length; start += ADD_BATCH) {
        await this.queue.addBulk(
          tickets
            .slice(start, start + ADD_BATCH)
            .map((t) => ({ name: DELIVER_JOB, data: { id: t.id, seq: t.jobSeq }, opts: this.options(t, now) })),
        );
      }
    } catch (error) {
      this.logger.warn(
        `Could not queue ${tickets.length} notification job(s) (${(error as Error).message}); the sweeper will`,
      );
    }
  }

  /** Which of these jobs still exist and are not finished (waiting, delayed or running). */
  async liveJobs(tickets: JobTicket[]): Promise<Set<string>> {
    const client = this.queue.client;
    const pipeline = client.pipeline();
    for (const t of tickets) pipeline.hmget(this.queue.toKey(deliveryJobId(t)), 'timestamp', 'finishedOn');
    const results = (await pipeline.exec()) ?? [];
    const live = new Set<string>();
    results.forEach(([error, value], i) => {
      const [timestamp, finishedOn] = (value ?? []) as (string | null)[];
      if (!error && timestamp !== null && finishedOn === null) live.add(tickets[i].id);
    });
    return live;
  }

  /**
   * A key the sweeper leaves in Redis: when it is gone, Redis lost its data (restarted without
   * persistence) and with it every job.
   */
  async redisKeptItsData(): Promise<boolean> {
    return (await this.queue.client.exists(this.queue.toKey('sweeper-mark'))) === 1;
  }

  async markRedis(): Promise<void> {
    await this.queue.client.set(this.queue.toKey('sweeper-mark'), String(Date.now()));
  }

  private options(ticket: JobTicket, now: number): JobOptions {
    const delay = Math.max(0, ticket.nextAttemptAt.getTime() - now);
    return {
      jobId: deliveryJobId(ticket),
      // Bull takes prioritized jobs first (1 highest); bulk jobs go without one, behind them.
      ...(ticket.priority < PRIORITY.bulk ? { priority: ticket.priority } : {}),
      ...(delay > 0 ? { delay } : {}),
      // A job that fails for a reason of ours (PostgreSQL down) is tried again by Bull.
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
    };
  }
}
