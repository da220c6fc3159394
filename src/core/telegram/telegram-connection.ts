import { randomBytes } from 'node:crypto';
import { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SettingsService } from '../settings/settings.service';

/** Where the service's bot lives: a token and the Bot API server that knows it. */
export class TelegramConnection {
  constructor(
    readonly token: string,
    readonly apiRoot: string,
    /** True when the bot is the bundled sandbox's, served by this process (local mode). */
    readonly isSandbox: boolean,
  ) {}

  /** The bot's numeric id, which starts every token. */
  get botId(): number {
    return Number(this.token.split(':')[0]);
  }
}

const SANDBOX_TOKEN_KEY = 'sandbox.bot_token';

export const telegramConnectionProvider: Provider = {
  provide: TelegramConnection,
  inject: [AppConfig, SettingsService],
  useFactory: async (config: AppConfig, settings: SettingsService): Promise<TelegramConnection> => {
    if (config.env.TELEGRAM_BOT_TOKEN) {
      return new TelegramConnection(config.env.TELEGRAM_BOT_TOKEN, config.env.TELEGRAM_API_ROOT, false);
    }
    // No token outside production: the sandbox in this very process plays Telegram, with a
    // bot token generated once and kept, so chats survive restarts.
    const token = await settings.getOrCreate(
      SANDBOX_TOKEN_KEY,
      () => `${7_000_000_000 + randomBytes(3).readUIntBE(0, 3)}:${randomBytes(26).toString('base64url')}`,
    );
    return new TelegramConnection(token, `http://127.0.0.1:${config.port}`, true);
  },
};
