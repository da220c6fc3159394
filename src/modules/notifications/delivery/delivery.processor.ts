import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../../core/config/app-config';
import { QUEUES } from '../../../core/queue/queue.constants';
import { DeliverJobData, DELIVER_JOB } from './delivery.producer';
import { DeliveryService } from './delivery.service';

/**
 * Jobs in flight per worker process. A job spends a few tens of milliseconds on its own work
 * (claim, send, mark; more on a busy machine) besides waiting for its slot, so half a second of
 * sends at the configured rate keeps every slot of the schedule taken, with a few spare for
 * sends that wait on their chat.
 */
export function deliveryConcurrency(globalPerSecond: number): number {
  return Math.min(300, Math.max(8, Math.ceil(globalPerSecond * 0.5) + 8));
}

/** Runs delivery jobs in processes of the worker role (APP_ROLE=worker or all). */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryProcessor.name);

  constructor(
    @InjectQueue(QUEUES.NOTIFICATIONS) private readonly queue: Queue<DeliverJobData>,
    private readonly delivery: DeliveryService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    const concurrency = deliveryConcurrency(this.config.env.NOTIFY_GLOBAL_PER_SECOND);
    void this.queue
      .process(DELIVER_JOB, concurrency, (job: Job<DeliverJobData>) => this.delivery.deliver(job.data))
      .catch((error: Error) => this.logger.error(`Notification delivery stopped: ${error.message}`));
    this.logger.log(`Delivering notifications, ${concurrency} at a time`);
  }
}
