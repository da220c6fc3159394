import { Context, MiddlewareFn } from 'telegraf';
import { DataSource } from 'typeorm';
import { postgresSessionStore } from './postgres-session.store';

/** telegraf's default key: one session per user in each chat. */
export function sessionKeyOf(ctx: Context): string | undefined {
  return ctx.from && ctx.chat ? `${ctx.from.id}:${ctx.chat.id}` : undefined;
}

/**
 * `ctx.session` (and so scenes) loaded from PostgreSQL and saved only when the handler
 * succeeded. telegraf's own session middleware saves in a `finally`, so a handler that failed
 * half-way would leave its half-changed state for the retry of the same update.
 */
export function postgresSession(dataSource: DataSource): MiddlewareFn<Context> {
  const store = postgresSessionStore<Record<string, unknown>>(dataSource);
  return async (ctx, next) => {
    const key = sessionKeyOf(ctx);
    if (!key) return next();
    const loaded = await store.get(key);
    const before = JSON.stringify(loaded ?? {});
    const holder = ctx as Context & { session?: Record<string, unknown> | null };
    holder.session = loaded ?? {};
    await next();
    const after = holder.session;
    if (!after || Object.keys(after).length === 0) {
      if (loaded) await store.delete(key);
    } else if (JSON.stringify(after) !== before) {
      await store.set(key, after);
    }
  };
}
