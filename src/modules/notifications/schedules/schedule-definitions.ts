/**
 * The scheduled jobs of notifications (SPEC §8): Bull repeatable jobs on the
 * `notification-schedules` queue, one per name. Each run only writes outbox rows (or deletes old
 * ones); delivery sends them. The cron and time zone here are the defaults a fresh database
 * starts with; the API changes them (`notification_schedules`).
 */
export const SCHEDULE_NAMES = ['invoice-reminders', 'daily-digest', 'cleanup'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

export interface ScheduleDefinition {
  description: string;
  cron: string;
  timeZone: string;
}

export const SCHEDULES: Record<ScheduleName, ScheduleDefinition> = {
  'invoice-reminders': {
    description:
      'Reminds customers of unpaid invoices due within 3 days (invoice.due_soon) and of those overdue for up ' +
      "to 7 days (invoice.overdue), once per invoice and stage. Hourly in the daytime of the schedule's time " +
      'zone, which also decides what "today" is.',
    cron: '0 9-18 * * *',
    timeZone: 'UTC',
  },
  'daily-digest': {
    description:
      'Sends each staff user a digest of their open tickets and deals once a day, at their digest hour (09:00 ' +
      "unless they chose another) in their time zone (else the schedule's). Every 15 minutes, so half-hour " +
      'time zones are served on time.',
    cron: '*/15 * * * *',
    timeZone: 'UTC',
  },
  cleanup: {
    description:
      'Deletes sent, failed and cancelled notifications older than NOTIFY_RETENTION_DAYS (with broadcasts that ' +
      'ended before then) and handled Telegram updates older than TELEGRAM_UPDATES_RETENTION_DAYS, in batches.',
    cron: '30 3 * * *',
    timeZone: 'UTC',
  },
};

export function isScheduleName(value: unknown): value is ScheduleName {
  return typeof value === 'string' && (SCHEDULE_NAMES as readonly string[]).includes(value);
}
