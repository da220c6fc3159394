import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { QUEUES } from '../../../core/queue/queue.constants';
import { PRIORITY } from '../notifications.constants';
import type { JobTicket } from '../outbox/notifications.repository';

export const DELIVER_JOB = 'deliver';

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
      await this.queue.addBulk(
        tickets.map((t) => ({ name: DELIVER_JOB, data: { id: t.id, seq: t.jobSeq }, opts: this.options(t, now) })),
      );
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
