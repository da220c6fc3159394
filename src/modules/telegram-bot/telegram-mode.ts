import { AppConfig } from '../../core/config/app-config';

/** TELEGRAM_MODE, else webhook when there is a public URL for Telegram to call, else polling. */
export function telegramMode(config: AppConfig): 'webhook' | 'polling' {
  return config.env.TELEGRAM_MODE ?? (config.env.PUBLIC_URL ? 'webhook' : 'polling');
}
