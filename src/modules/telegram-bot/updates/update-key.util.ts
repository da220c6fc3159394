// The update kinds Telegram may send (Bot API `Update` fields besides update_id).
export type RawUpdate = { update_id: number } & Record<string, unknown>;

interface WithChat {
  chat?: { id?: number };
  message?: { chat?: { id?: number } };
  from?: { id?: number };
  user?: { id?: number };
}

/** The kind of an update: the one field besides `update_id` (`unknown` for none). */
export function updateTypeOf(update: RawUpdate): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

/**
 * Where an update belongs, for ordering: its chat (a message, an edit, a callback under a
 * message, a member change, a join request), else its user (inline queries, callbacks under
 * inline messages), else nothing.
 */
export function chatOfUpdate(update: RawUpdate): { chatKey: string; chatId: number | null } {
  const body = update[updateTypeOf(update)] as WithChat | undefined;
  const chatId = body?.chat?.id ?? body?.message?.chat?.id;
  if (typeof chatId === 'number') return { chatKey: String(chatId), chatId };
  const userId = body?.from?.id ?? body?.user?.id;
  if (typeof userId === 'number') return { chatKey: `u:${userId}`, chatId: null };
  return { chatKey: 'none', chatId: null };
}

/** Who sent an update (a user's id), when it says. */
export function senderOfUpdate(update: RawUpdate): number | null {
  const body = update[updateTypeOf(update)] as WithChat | undefined;
  const id = body?.from?.id ?? body?.user?.id;
  return typeof id === 'number' ? id : null;
}

/** A body Telegram could have sent: an object with a non-negative integer update_id. */
export function isRawUpdate(body: unknown): body is RawUpdate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const id = (body as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}
