/** Paths pino removes from every log line: credentials never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.secretToken',
  '*.secret_token',
  '*.apiKey',
  '*.sessionString',
  '*.session_string',
  '*.phoneCode',
  'password',
  'token',
  'config.env.JWT_SECRET',
  'config.env.TELEGRAM_BOT_TOKEN',
];

/** Bot tokens appear in Bot API URLs (`/bot<token>/method`): mask them in any string. */
export function maskBotToken(text: string): string {
  return text.replace(/\/bot\d+:[A-Za-z0-9_-]+/g, '/bot<redacted>');
}
