import { BotApiError } from '../bot-api/bot-api-error';
import { SandboxBot } from '../state/sandbox-bot';
import { WebhookDelivery } from '../state/webhook-delivery';
import { DescribedResult, MethodContext, MethodTable } from './method-context';

// 1-256 characters A-Z, a-z, 0-9, _ and - (https://core.telegram.org/bots/api#setwebhook).
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

// The sandbox takes http:// webhooks too (a local service has no certificate); Telegram wants HTTPS.
function setWebhook(ctx: MethodContext): DescribedResult {
  const { params, bot, state } = ctx;
  const url = String(params.url);
  // "Use an empty string to remove webhook integration."
  if (url === '') return deleteWebhook(ctx);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw BotApiError.badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw BotApiError.badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  const secretToken = params.secret_token as string | undefined;
  if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) {
    throw BotApiError.badRequest('bad webhook: secret token contains unallowed characters');
  }
  const maxConnections = (params.max_connections as number | undefined) ?? 40;
  if (maxConnections < 1 || maxConnections > 100) {
    throw BotApiError.badRequest('bad webhook: max_connections must be between 1 and 100');
  }
  setAllowedUpdates(bot, params.allowed_updates);
  if (params.drop_pending_updates === true) bot.updates.dropAll();
  bot.delivery?.stop();
  bot.webhook = {
    url,
    secretToken,
    maxConnections,
    ...(params.ip_address ? { ipAddress: String(params.ip_address) } : {}),
  };
  bot.updates.interruptPoll(BotApiError.conflict('terminated by setWebhook request'));
  bot.delivery = new WebhookDelivery(
    bot.updates,
    bot.webhook,
    state.webhookTiming,
    () => state.clock.unixTime(),
    (response) => state.webhookReplyHandler(bot, response),
  );
  return new DescribedResult(true, 'Webhook was set');
}

function deleteWebhook(ctx: MethodContext): DescribedResult {
  const { bot, params } = ctx;
  const had = bot.webhook !== undefined;
  bot.delivery?.stop();
  bot.delivery = undefined;
  bot.webhook = undefined;
  if (params.drop_pending_updates === true) bot.updates.dropAll();
  return new DescribedResult(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

function getWebhookInfo(ctx: MethodContext): Record<string, unknown> {
  const { bot } = ctx;
  const webhook = bot.webhook;
  return {
    url: webhook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: bot.updates.pending.length,
    ...(webhook?.ipAddress ? { ip_address: webhook.ipAddress } : {}),
    ...(webhook?.lastErrorDate !== undefined ? { last_error_date: webhook.lastErrorDate } : {}),
    ...(webhook?.lastErrorMessage !== undefined ? { last_error_message: webhook.lastErrorMessage } : {}),
    ...(webhook ? { max_connections: webhook.maxConnections } : {}),
    ...(webhook && bot.updates.allowedUpdates.length > 0 ? { allowed_updates: bot.updates.allowedUpdates } : {}),
  };
}

async function getUpdates(ctx: MethodContext): Promise<unknown[]> {
  const { bot, params } = ctx;
  if (bot.webhook) {
    throw BotApiError.conflict(
      "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  bot.updates.startPolling();
  setAllowedUpdates(bot, params.allowed_updates);
  const offset = params.offset as number | undefined;
  const limit = Math.min(100, Math.max(1, (params.limit as number | undefined) ?? 100));
  const timeout = Math.max(0, (params.timeout as number | undefined) ?? 0);
  const queue = bot.updates;
  if (offset !== undefined && offset < 0) {
    // A negative offset keeps the last -offset updates and forgets the earlier ones.
    const keepFrom = queue.pending.at(offset)?.update.update_id ?? 0;
    queue.confirmBefore(keepFrom);
  } else if (offset !== undefined) {
    queue.confirmBefore(offset);
  }
  if (queue.pending.length === 0 && timeout > 0) await queue.waitForUpdate(timeout * 1000, ctx.signal);
  return queue.pending.slice(0, limit).map((entry) => entry.update);
}

function setAllowedUpdates(bot: SandboxBot, allowed: unknown): void {
  if (Array.isArray(allowed)) bot.updates.allowedUpdates = allowed.map(String);
}

export const UPDATE_METHODS: MethodTable = {
  setWebhook: {
    params: ['url', 'ip_address', 'max_connections', 'allowed_updates', 'drop_pending_updates', 'secret_token'],
    emptyAllowed: ['url'],
    handle: setWebhook,
  },
  deleteWebhook: { params: ['drop_pending_updates'], handle: deleteWebhook },
  getWebhookInfo: { params: [], handle: getWebhookInfo },
  getUpdates: { params: ['offset', 'limit', 'timeout', 'allowed_updates'], handle: getUpdates },
};
