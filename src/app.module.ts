import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig } from './core/config/app-config';
import { AppConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { HealthModule } from './core/health/health.module';
import { LoggingModule } from './core/logging/logging.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { QueueModule } from './core/queue/queue.module';
import { RedisModule } from './core/redis/redis.module';
import { SettingsModule } from './core/settings/settings.module';
import { TelegramCoreModule } from './core/telegram/telegram-core.module';
import { AuthLinkModule } from './modules/auth-link/auth-link.module';
import { AuthModule } from './modules/auth/auth.module';
import { CrmApiModule } from './modules/crm/crm-api.module';
import { CrmModule } from './modules/crm/crm.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { TelegramBotModule } from './modules/telegram-bot/telegram-bot.module';

@Module({})
export class AppModule {
  /** The whole service for one configuration; `APP_ROLE` decides whether HTTP and workers run. */
  static forRoot(config: AppConfig, extraImports: (Type | DynamicModule)[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        SettingsModule,
        TelegramCoreModule,
        MetricsModule,
        HealthModule,
        CrmModule,
        AuthModule,
        CrmApiModule,
        TelegramBotModule,
        AuthLinkModule,
        NotificationsModule,
        ...extraImports,
      ],
    };
  }
}
