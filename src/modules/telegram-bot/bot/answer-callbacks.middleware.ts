import { Context, MiddlewareFn } from 'telegraf';

export const UNHANDLED_BUTTON_TEXT = 'This button is no longer active.';

/**
 * Every callback query gets an answer (else the user's button spins until Telegram gives up):
 * when no handler answered it, answer with a short note. Also answers with a note when the
 * handler failed, before the failure propagates.
 */
export function answerCallbacksMiddleware(): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (!ctx.callbackQuery) return next();
    let answered = false;
    const callApi = ctx.telegram.callApi.bind(ctx.telegram) as (...args: unknown[]) => Promise<unknown>;
    (ctx.telegram as unknown as { callApi: typeof callApi }).callApi = (method, ...rest) => {
      if (method === 'answerCallbackQuery') answered = true;
      return callApi(method, ...rest);
    };
    try {
      await next();
    } catch (error) {
      if (!answered) await ctx.answerCbQuery('Something went wrong. Please try again.').catch(() => undefined);
      throw error;
    }
    if (!answered) await ctx.answerCbQuery(UNHANDLED_BUTTON_TEXT).catch(() => undefined);
  };
}
