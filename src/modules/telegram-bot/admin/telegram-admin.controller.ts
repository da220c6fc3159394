import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { BanDto as BanBody, ListUpdatesQueryDto, SetWebhookDto } from './telegram-admin.dto';
import { BanDto, BansService } from '../bans/bans.service';
import { TelegramBotErrorCode, TelegramBotException } from '../telegram-bot.exception';
import { TelegramAdminService, WebhookInfo } from './telegram-admin.service';

@ApiTags('telegram-admin')
@Authenticated()
@Controller('api/telegram')
export class TelegramAdminController {
  constructor(
    private readonly admin: TelegramAdminService,
    private readonly bans: BansService,
  ) {}

  @Get('webhook/info')
  @ApiOperation({ summary: 'The webhook as Telegram sees it: URL, pending updates, last error' })
  async webhookInfo(@CurrentActor() actor: Actor): Promise<WebhookInfo> {
    await this.admin.assertOperator(actor);
    return this.admin.webhookInfo();
  }

  @Post('webhook/set')
  @HttpCode(200)
  @ApiOperation({ summary: 'Point Telegram at this service (PUBLIC_URL) with the secret token' })
  async setWebhook(@CurrentActor() actor: Actor, @Body() body: SetWebhookDto): Promise<WebhookInfo> {
    await this.admin.assertOperator(actor);
    return this.admin.setWebhook(body.url);
  }

  @Delete('webhook')
  @ApiOperation({ summary: 'Remove the webhook (for polling mode)' })
  async deleteWebhook(@CurrentActor() actor: Actor): Promise<WebhookInfo> {
    await this.admin.assertOperator(actor);
    return this.admin.deleteWebhook();
  }

  @Get('bot/info')
  @ApiOperation({ summary: 'The bot (getMe)' })
  async botInfo(@CurrentActor() actor: Actor): Promise<Awaited<ReturnType<TelegramAdminService['botInfo']>>> {
    await this.admin.assertOperator(actor);
    return this.admin.botInfo();
  }

  @Get('updates')
  @ApiOperation({ summary: 'The update inbox (e.g. ?status=failed), newest first' })
  async listUpdates(@CurrentActor() actor: Actor, @Query() query: ListUpdatesQueryDto) {
    await this.admin.assertOperator(actor);
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    return { ...(await this.admin.listUpdates(query.status, limit, offset)), limit, offset };
  }

  @Post('updates/:updateId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Handle a failed update again' })
  async retryUpdate(@CurrentActor() actor: Actor, @Param('updateId') updateId: string): Promise<{ queued: true }> {
    await this.admin.assertOperator(actor);
    await this.admin.retryUpdate(updateId);
    return { queued: true };
  }

  @Get('bans')
  @ApiOperation({ summary: 'Banned Telegram users and chats (their updates are stored and skipped)' })
  async listBans(@CurrentActor() actor: Actor, @Query() query: ListUpdatesQueryDto) {
    await this.admin.assertOperator(actor);
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    return { ...(await this.bans.list(limit, offset)), limit, offset };
  }

  @Post('bans')
  @ApiOperation({ summary: 'Ban a Telegram user or chat' })
  async ban(@CurrentActor() actor: Actor, @Body() body: BanBody): Promise<BanDto> {
    await this.admin.assertOperator(actor);
    return this.bans.ban(body.telegramId, body.reason ?? null, actor.userId);
  }

  @Delete('bans/:telegramId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a ban' })
  async unban(@CurrentActor() actor: Actor, @Param('telegramId') telegramId: string): Promise<void> {
    await this.admin.assertOperator(actor);
    if (!/^-?\d{1,19}$/.test(telegramId) || !(await this.bans.unban(telegramId))) {
      throw new TelegramBotException(TelegramBotErrorCode.BAN_NOT_FOUND, `${telegramId} is not banned.`);
    }
  }
}
