import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../core/config/app-config';
import { CrmEventConsumerRegistry } from './crm-event-consumer.registry';
import { CrmEventDispatcher } from './crm-event.dispatcher';

/** Runs the CRM event dispatcher in processes of the worker role (APP_ROLE=worker or all). */
@Injectable()
export class CrmEventDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CrmEventDispatcher');
  private readonly dispatcher: CrmEventDispatcher;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    registry: CrmEventConsumerRegistry,
    private readonly config: AppConfig,
  ) {
    this.dispatcher = new CrmEventDispatcher(dataSource, registry, { logger: this.logger });
  }

  onApplicationBootstrap(): void {
    if (this.config.runsWorkers) this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }

  /** One round now (fan out, claim, deliver); the loop keeps running on its own. */
  runOnce(): Promise<number> {
    return this.dispatcher.runOnce();
  }
}
