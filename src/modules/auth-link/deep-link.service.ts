import { Injectable, Logger } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import * as QRCode from 'qrcode';
import { Context, Telegraf } from 'telegraf';
import { AuthLinkErrorCode, AuthLinkException } from './auth-link.exception';
import type { GeneratedLinkDto } from './auth-link.dto';

/** `https://t.me/<bot>?start=<token>` and its QR codes. */
@Injectable()
export class DeepLinkService {
  private readonly logger = new Logger(DeepLinkService.name);
  private username: Promise<string> | null = null;

  constructor(@InjectBot() private readonly bot: Telegraf<Context>) {}

  async build(token: string, expiresAt: Date): Promise<GeneratedLinkDto> {
    const url = `https://t.me/${await this.botUsername()}?start=${token}`;
    const [qrCodePng, qrCodeSvg] = await Promise.all([
      QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
      QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    ]);
    return { url, token, expiresAt, qrCodePng, qrCodeSvg };
  }

  // The bot's username never changes while it runs: ask Telegram once (again after a failure).
  private botUsername(): Promise<string> {
    this.username ??= this.bot.telegram.getMe().then(
      (me) => me.username,
      (error: Error) => {
        this.username = null;
        this.logger.warn(`Could not read the bot's username (getMe): ${error.message}`);
        throw new AuthLinkException(
          AuthLinkErrorCode.TELEGRAM_UNREACHABLE,
          'Telegram did not answer; the link could not be made. Try again in a moment.',
        );
      },
    );
    return this.username;
  }
}
