import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { TelegrafModule } from 'nestjs-telegraf';
import { DataSource } from 'typeorm';
import { TelegramConnection } from '../../core/telegram/telegram-connection';
import { TelegramRateLimiter } from '../../core/telegram/telegram-rate-limiter';
import { AuthModule } from '../auth/auth.module';
import { CrmModule } from '../crm/crm.module';
import { TelegramAdminController } from './admin/telegram-admin.controller';
import { TelegramAdminService } from './admin/telegram-admin.service';
import { TelegramHealthController } from './admin/telegram-health.controller';
import { TelegramAccountsService } from './accounts/telegram-accounts.service';
import { TelegramUser } from './accounts/telegram-user.entity';
import { trackTelegramUser } from './accounts/track-telegram-user.middleware';
import { AccountUpdate } from './bot/account.update';
import { answerCallbacksMiddleware } from './bot/answer-callbacks.middleware';
import { BansService } from './bans/bans.service';
import { TelegramBlockedUser } from './bans/telegram-blocked-user.entity';
import { TelegramBotChat } from './chats/telegram-bot-chat.entity';
import { TelegramFile } from './files/telegram-file.entity';
import { TelegramFilesService } from './files/telegram-files.service';
import { trackBotChats } from './chats/track-bot-chats.middleware';
import { BotMenuService } from './bot/bot-menu.service';
import { pacingMiddleware } from './bot/pacing.middleware';
import { StartPayloadRegistry } from './bot/start-payload.registry';
import { StartUpdate } from './bot/start.update';
import { TelegrafUpdateHandler } from './bot/telegraf-update.handler';
import { CommandsOverviewHandler } from './conversation/commands-overview.handler';
import { ConversationHandler } from './conversation/conversation-handler';
import { LoginScene } from './login/login.scene';
import { LoginService } from './login/login.service';
import { ReplyService } from './replies/reply.service';
import { postgresSession } from './session/postgres-session.middleware';
import { TelegramBotSession } from './session/telegram-bot-session.entity';
import { TelegramUpdate } from './updates/telegram-update.entity';
import { UpdateDispatcher } from './updates/update-dispatcher.service';
import { UpdateHandler } from './updates/update-handler';
import { UpdateInboxRepository } from './updates/update-inbox.repository';
import { UpdateIngestService } from './updates/update-ingest.service';
import { UpdatePoller } from './updates/update-poller.service';
import { TelegramWebhookRoute } from './webhook/telegram-webhook.route';
import { WebhookSecretService } from './webhook/webhook-secret.service';

/** The bot: webhook and polling feed a durable inbox; workers run it through Telegraf in order per chat. */
@Module({
  imports: [
    CrmModule,
    AuthModule,
    TypeOrmModule.forFeature([
      TelegramUpdate,
      TelegramUser,
      TelegramBotSession,
      TelegramBotChat,
      TelegramBlockedUser,
      TelegramFile,
    ]),
    TelegrafModule.forRootAsync({
      inject: [TelegramConnection, getDataSourceToken(), TelegramRateLimiter],
      useFactory: (connection: TelegramConnection, dataSource: DataSource, limiter: TelegramRateLimiter) => ({
        token: connection.token,
        // Updates come from our inbox (bot.handleUpdate), never from telegraf's own launch.
        launchOptions: false,
        options: { telegram: { apiRoot: connection.apiRoot } },
        middlewares: [
          pacingMiddleware(limiter),
          answerCallbacksMiddleware(),
          postgresSession(dataSource),
          trackTelegramUser(dataSource),
          trackBotChats(dataSource),
        ],
      }),
    }),
  ],
  controllers: [TelegramAdminController, TelegramHealthController],
  providers: [
    WebhookSecretService,
    TelegramWebhookRoute,
    TelegramAdminService,
    BansService,
    UpdateInboxRepository,
    UpdateIngestService,
    UpdateDispatcher,
    UpdatePoller,
    { provide: UpdateHandler, useClass: TelegrafUpdateHandler },
    TelegramAccountsService,
    TelegramFilesService,
    ReplyService,
    LoginService,
    BotMenuService,
    StartPayloadRegistry,
    { provide: ConversationHandler, useClass: CommandsOverviewHandler },
    LoginScene,
    StartUpdate,
    // Last: its catch-all text handler must come after every command.
    AccountUpdate,
  ],
  exports: [
    TelegramWebhookRoute,
    UpdateIngestService,
    WebhookSecretService,
    ReplyService,
    TelegramAccountsService,
    LoginService,
    StartPayloadRegistry,
  ],
})
export class TelegramBotModule {}
