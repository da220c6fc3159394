import { randomBytes } from 'node:crypto';
import { Telegram } from 'telegraf';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/core/config/app-config';
import { buildDataSourceOptions } from '../src/core/database/data-source-options';

const USAGE = 'usage: npm run webhook:set [-- --url https://host/api/telegram/webhook] | -- --info | -- --delete';
const SECRET_KEY = 'telegram.webhook_secret';

/**
 * Points Telegram at this service (what `POST /api/telegram/webhook/set` does), from a shell:
 * the webhook URL from --url or PUBLIC_URL, the secret from TELEGRAM_WEBHOOK_SECRET or the one
 * the service generated and stored (created here if the service never ran).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const config = AppConfig.fromEnvironment();
  const token = config.env.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set: the webhook is for a real bot.');
  const telegram = new Telegram(token, { apiRoot: config.env.TELEGRAM_API_ROOT });

  if (args.includes('--info')) {
    console.log(JSON.stringify(await telegram.getWebhookInfo(), null, 2));
    return;
  }
  if (args.includes('--delete')) {
    await telegram.deleteWebhook();
    console.log('Webhook deleted: the service can poll now (TELEGRAM_MODE=polling).');
    return;
  }
  const urlIndex = args.indexOf('--url');
  const url =
    urlIndex >= 0
      ? args[urlIndex + 1]
      : config.env.PUBLIC_URL
        ? `${config.env.PUBLIC_URL.replace(/\/$/, '')}/api/telegram/webhook`
        : undefined;
  if (!url || !/^https?:\/\//.test(url)) throw new Error(`Give --url or set PUBLIC_URL.\n${USAGE}`);

  let secret = config.env.TELEGRAM_WEBHOOK_SECRET;
  if (!secret) {
    const dataSource = new DataSource(buildDataSourceOptions({ url: config.databaseUrl }));
    await dataSource.initialize();
    try {
      await dataSource.query('INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
        SECRET_KEY,
        randomBytes(32).toString('base64url'),
      ]);
      secret = (await dataSource.query('SELECT value FROM app_settings WHERE key = $1', [SECRET_KEY]))[0]
        .value as string;
    } finally {
      await dataSource.destroy();
    }
  }
  await telegram.setWebhook(url, { secret_token: secret, max_connections: 40 });
  const info = await telegram.getWebhookInfo();
  console.log(`Webhook set to ${info.url} (${info.pending_update_count} updates pending).`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
