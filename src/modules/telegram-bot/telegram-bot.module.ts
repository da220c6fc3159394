import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TelegrafModule } from 'nestjs-telegraf';
import { TelegramConnection } from '../../core/telegram/telegram-connection';
import { StartUpdate } from './bot/start.update';
import { ReplyService } from './replies/reply.service';
import { TelegrafUpdateHandler } from './bot/telegraf-update.handler';
import { UpdateDispatcher } from './updates/update-dispatcher.service';
import { UpdateHandler } from './updates/update-handler';
import { UpdateInboxRepository } from './updates/update-inbox.repository';
import { UpdateIngestService } from './updates/update-ingest.service';
import { UpdatePoller } from './updates/update-poller.service';
import { TelegramUpdate } from './updates/telegram-update.entity';
import { TelegramWebhookController } from './webhook/telegram-webhook.controller';
import { WebhookSecretService } from './webhook/webhook-secret.service';

/** The bot: webhook and polling feed a durable inbox; workers run it through Telegraf in order per chat. */
@Module({
  imports: [
    TypeOrmModule.forFeature([TelegramUpdate]),
    TelegrafModule.forRootAsync({
      inject: [TelegramConnection],
      useFactory: (connection: TelegramConnection) => ({
        token: connection.token,
        // Updates come from our inbox (bot.handleUpdate), never from telegraf's own launch.
        launchOptions: false,
        options: { telegram: { apiRoot: connection.apiRoot } },
      }),
    }),
  ],
  controllers: [TelegramWebhookController],
  providers: [
    WebhookSecretService,
    UpdateInboxRepository,
    UpdateIngestService,
    UpdateDispatcher,
    UpdatePoller,
    { provide: UpdateHandler, useClass: TelegrafUpdateHandler },
    StartUpdate,
    ReplyService,
  ],
  exports: [UpdateIngestService, WebhookSecretService, ReplyService],
})
export class TelegramBotModule {}
