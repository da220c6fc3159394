import { Body, Controller, Headers, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { TelegramBotErrorCode, TelegramBotException } from '../telegram-bot.exception';
import { UpdateIngestService } from '../updates/update-ingest.service';
import { isRawUpdate } from '../updates/update-key.util';
import { WebhookSecretService } from './webhook-secret.service';

export const WEBHOOK_PATH = 'api/telegram/webhook';

/**
 * Telegram's webhook. The update is committed to the inbox before the 200: Telegram retries
 * only on a non-2xx answer, so a 200 for an update we did not store would lose it.
 */
@Controller(WEBHOOK_PATH)
export class TelegramWebhookController {
  private readonly logger = new Logger(TelegramWebhookController.name);

  constructor(
    private readonly secret: WebhookSecretService,
    private readonly ingest: UpdateIngestService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async receive(
    @Headers('x-telegram-bot-api-secret-token') secretToken: string | undefined,
    @Body() body: unknown,
  ): Promise<{ ok: true }> {
    if (!this.secret.matches(secretToken)) {
      throw new TelegramBotException(TelegramBotErrorCode.WEBHOOK_SECRET_INVALID, 'Wrong or missing secret token.');
    }
    if (!isRawUpdate(body)) {
      throw new TelegramBotException(TelegramBotErrorCode.UPDATE_INVALID, 'The body is not a Telegram Update.');
    }
    try {
      await this.ingest.accept([body]);
    } catch (error) {
      // Telegram will deliver it again.
      this.logger.error(`Could not store update ${body.update_id}: ${(error as Error).message}`);
      throw new TelegramBotException(TelegramBotErrorCode.INBOX_UNAVAILABLE, 'The update could not be stored; retry.');
    }
    return { ok: true };
  }
}
