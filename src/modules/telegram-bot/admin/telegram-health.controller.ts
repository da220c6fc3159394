import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TelegramAdminService } from './telegram-admin.service';

@ApiTags('health')
@Controller('health/integrations')
export class TelegramHealthController {
  constructor(private readonly admin: TelegramAdminService) {}

  @Get('telegram')
  @ApiOperation({
    summary: 'Telegram: the bot answers getMe; the webhook points at PUBLIC_URL; pending updates and last error',
  })
  async telegram(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    try {
      const bot = await this.admin.botInfo();
      const webhook = await this.admin.webhookInfo();
      const expected = webhook.expectedUrl;
      // In polling mode (no PUBLIC_URL) there must be no webhook; in webhook mode it must be ours.
      const webhookOk = expected === null ? webhook.url === '' : webhook.matchesPublicUrl;
      if (!webhookOk) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: webhookOk ? 'ok' : 'error', bot: { id: bot.id, username: bot.username }, webhook };
    } catch (error) {
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', error: (error as Error).message };
    }
  }
}
