import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CrmModule } from '../crm/crm.module';
import { TelegramBotModule } from '../telegram-bot/telegram-bot.module';
import { ClientLinkController } from './client-link.controller';
import { ClientLinkService } from './client-link.service';
import { ClientTelegram } from './client-telegram.entity';
import { DeepLinkService } from './deep-link.service';
import { LinkConsumerService } from './link-consumer.service';
import { LinkPageController } from './link-page.controller';
import { LinkSessionsService } from './link-sessions.service';
import { LinkStartUpdate } from './link-start.update';
import { TelegramLinksRepository } from './telegram-links.repository';
import { TelegramRecipientsService } from './telegram-recipients.service';
import { UserLinkController } from './user-link.controller';
import { UserLinkService } from './user-link.service';
import { UserTelegram } from './user-telegram.entity';

/**
 * Account linking (SPEC §7): deep-link tokens and QR codes for staff users and clients, the
 * bot's `/start <token>` (staff messages to linked clients go through the notifications outbox).
 */
@Module({
  imports: [CrmModule, AuthModule, TelegramBotModule, TypeOrmModule.forFeature([UserTelegram, ClientTelegram])],
  controllers: [UserLinkController, ClientLinkController, LinkPageController],
  providers: [
    TelegramLinksRepository,
    DeepLinkService,
    LinkSessionsService,
    UserLinkService,
    ClientLinkService,
    LinkConsumerService,
    LinkStartUpdate,
    TelegramRecipientsService,
  ],
  exports: [ClientLinkService, TelegramRecipientsService],
})
export class AuthLinkModule {}
