import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { InvoicesService } from './invoices.service';

const EVERY_MS = 60_000;

/**
 * Marks invoices overdue once a minute in the worker role. The sweep is one idempotent UPDATE
 * that several workers may run at once, so a timer is enough; a queue would add nothing.
 */
@Injectable()
export class InvoiceOverdueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InvoiceOverdueScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly invoices: InvoicesService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) return;
    this.timer = setInterval(() => this.sweep(), EVERY_MS);
    this.timer.unref();
    this.sweep();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    this.running = this.invoices
      .markOverdueInvoices()
      .catch((error: Error) => this.logger.warn(`Overdue sweep failed: ${error.message}`))
      .finally(() => (this.running = undefined));
  }
}
