/** Every Bull queue of the service. Producers and processors import names from here only. */
export const QUEUES = {
  /** Maintenance work that the scheduler enqueues (cleanup, sweeps). */
  MAINTENANCE: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);
