import { WebhookReplyHandler } from '../state/sandbox-state';
import { BotApiDispatcher } from './bot-api-dispatcher';
import { formDataToParams } from './input-file';

/**
 * Telegram runs a Bot API call that a webhook returns as its answer
 * (https://core.telegram.org/bots/faq#how-can-i-make-requests-in-response-to-updates);
 * telegraf does so for the first reply of an update (webhookReply). Its result is lost, as on Telegram.
 */
export function webhookReplyHandler(api: BotApiDispatcher): WebhookReplyHandler {
  return async (bot, response) => {
    const type = response.headers.get('content-type') ?? '';
    let params: Record<string, unknown> | undefined;
    if (type.includes('application/json')) {
      const body: unknown = await response.json().catch(() => undefined);
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) params = body as Record<string, unknown>;
    } else if (type.includes('multipart/form-data')) {
      params = await formDataToParams(await response.formData());
    } else {
      await response.body?.cancel();
    }
    if (!params || typeof params.method !== 'string') return;
    const { method, ...rest } = params;
    await api.call(bot, method as string, rest, new AbortController().signal).catch(() => undefined);
  };
}
