import { AppConfig } from '../../core/config/app-config';

/** TELEGRAM_MODE, else webhook when there is a public URL for Telegram to call, else polling. */
export function telegramMode(config: AppConfig): 'webhook' | 'polling' {
  return config.env.TELEGRAM_MODE ?? (config.env.PUBLIC_URL ? 'webhook' : 'polling');
}

/**
 * What talks to Telegram at start (the command menu, polling) begins this long after the app
 * bootstrapped: not on the start-up path, so readiness never waits on Telegram or competes with it.
 */
export const AFTER_START_MS = 1000;
