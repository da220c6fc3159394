/** Where an outbox row stands. `sending`: claimed and handed to Telegram, outcome not yet recorded. */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Who a row is for: a CRM staff (or customer) user, a CRM client (`customers` row), or a chat as such. */
export const RECIPIENT_TYPES = ['user', 'client', 'chat'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

/**
 * Lower goes first (Bull's convention): a message staff write to one person is taken ahead of
 * event notifications, and both ahead of broadcasts and digests.
 */
export const PRIORITY = { direct: 1, event: 2, bulk: 3 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

/** Transient failures (5xx, network, timeout) are retried this many times in all, then the row fails. */
export const MAX_SEND_ATTEMPTS = 6;

/** Delay before retry number `attempt` after a transient failure: 1 s, 4 s, 15 s, 1 min, 5 min. */
export function retryDelayMs(attempt: number): number {
  return [1_000, 4_000, 15_000, 60_000, 300_000][Math.min(Math.max(attempt - 1, 0), 4)];
}
