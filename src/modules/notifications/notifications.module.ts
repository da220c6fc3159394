import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthLinkModule } from '../auth-link/auth-link.module';
import { AuthModule } from '../auth/auth.module';
import { CrmModule } from '../crm/crm.module';
import { ClientMessagesController } from './api/client-messages.controller';
import { ClientMessagesService } from './api/client-messages.service';
import { NotificationsController } from './api/notifications.controller';
import { NotificationsService } from './api/notifications.service';
import { BroadcastsController } from './broadcasts/broadcasts.controller';
import { BroadcastsService } from './broadcasts/broadcasts.service';
import { BroadcastsRepository } from './broadcasts/broadcasts.repository';
import { StoppedBroadcasts } from './broadcasts/stopped-broadcasts.service';
import { NotificationBroadcast } from './broadcasts/notification-broadcast.entity';
import { OutboxCleanupService } from './cleanup/outbox-cleanup.service';
import { RetentionRepository } from './cleanup/retention.repository';
import { CrmDirectory } from './crm/crm-directory.service';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { DeliveryProducer } from './delivery/delivery.producer';
import { DeliveryService } from './delivery/delivery.service';
import { OutboxSweeper } from './delivery/outbox-sweeper.service';
import { DailyDigestService } from './digest/daily-digest.service';
import { DigestSetting } from './digest/digest-setting.entity';
import { DigestSettingsController } from './digest/digest-settings.controller';
import { DigestSettingsRepository } from './digest/digest-settings.repository';
import { DigestSettingsService } from './digest/digest-settings.service';
import { CrmNotificationsConsumer } from './events/crm-notifications.consumer';
import { NotificationsMetrics } from './notifications.metrics';
import { Notification } from './outbox/notification.entity';
import { NotificationsRepository } from './outbox/notifications.repository';
import { OutboxService } from './outbox/outbox.service';
import { InvoiceRemindersService } from './reminders/invoice-reminders.service';
import { NotificationSchedule } from './schedules/notification-schedule.entity';
import { ScheduledJobsService } from './schedules/scheduled-jobs.service';
import { SchedulesController } from './schedules/schedules.controller';
import { SchedulesProcessor } from './schedules/schedules.processor';
import { SchedulesProducer } from './schedules/schedules.producer';
import { SchedulesRepository } from './schedules/schedules.repository';
import { SchedulesService } from './schedules/schedules.service';
import { NotificationTemplate } from './templates/notification-template.entity';
import { TemplatesController } from './templates/templates.controller';
import { TemplatesService } from './templates/templates.service';
import { TemplateResolver } from './templates/template-resolver.service';
import { TemplatesRepository } from './templates/templates.repository';

/**
 * Notifications (SPEC §8): an outbox in PostgreSQL written from CRM events, the API and
 * schedules; Bull jobs that send each row through the bot's paced Telegram client.
 */
@Module({
  imports: [
    CrmModule,
    AuthModule,
    AuthLinkModule,
    TypeOrmModule.forFeature([
      Notification,
      NotificationBroadcast,
      NotificationTemplate,
      NotificationSchedule,
      DigestSetting,
    ]),
  ],
  controllers: [
    TemplatesController,
    BroadcastsController,
    SchedulesController,
    DigestSettingsController,
    NotificationsController,
    ClientMessagesController,
  ],
  providers: [
    NotificationsMetrics,
    NotificationsService,
    ClientMessagesService,
    NotificationsRepository,
    BroadcastsRepository,
    BroadcastsService,
    StoppedBroadcasts,
    TemplatesRepository,
    TemplateResolver,
    TemplatesService,
    CrmDirectory,
    OutboxService,
    DeliveryProducer,
    DeliveryService,
    DeliveryProcessor,
    OutboxSweeper,
    CrmNotificationsConsumer,
    // Scheduled jobs: settings, Bull registration and runs; the jobs themselves.
    SchedulesRepository,
    SchedulesProducer,
    SchedulesService,
    SchedulesProcessor,
    ScheduledJobsService,
    InvoiceRemindersService,
    DigestSettingsRepository,
    DigestSettingsService,
    DailyDigestService,
    RetentionRepository,
    OutboxCleanupService,
  ],
  exports: [OutboxService],
})
export class NotificationsModule {}
