/** Every Bull queue of the service. Producers and processors import names from here only. */
export const QUEUES = {
  /** Maintenance work that the scheduler enqueues (cleanup, sweeps). */
  MAINTENANCE: 'maintenance',
  /** One job per notification outbox row to send (the row in PostgreSQL is the truth). */
  NOTIFICATIONS: 'notifications',
  /** Scheduled notification work (reminders, digests, cleanup): repeatable jobs that only enqueue. */
  NOTIFICATION_SCHEDULES: 'notification-schedules',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);
