/** Every event type the built-in CRM writes (docs/api.md describes each payload). */
export const CRM_EVENT_TYPES = [
  'customer.created',
  'lead.created',
  'lead.assigned',
  'lead.converted',
  'deal.created',
  'deal.stage_changed',
  'deal.assigned',
  'ticket.created',
  'ticket.commented',
  'ticket.status_changed',
  'ticket.assigned',
  'invoice.created',
  'invoice.status_changed',
  'invoice.overdue',
  'payment.recorded',
] as const;
export type CrmEventType = (typeof CRM_EVENT_TYPES)[number];

export type CrmAggregateType = 'customer' | 'lead' | 'deal' | 'ticket' | 'invoice';

/** Who caused an event, as a message would name them. */
export interface EventActor {
  id: string;
  name: string;
  role: string;
}

/** An event as consumers receive it. */
export interface CrmEventMessage {
  /** Increasing; a string because it is a PostgreSQL bigint. */
  id: string;
  type: CrmEventType;
  organizationId: string;
  aggregateType: CrmAggregateType;
  aggregateId: string;
  actorUserId: string | null;
  /** The record after the change plus what a message needs (names, previous values, recipients). */
  payload: Record<string, unknown>;
  createdAt: Date;
}

export interface NewCrmEvent {
  type: CrmEventType;
  organizationId: string;
  aggregateType: CrmAggregateType;
  aggregateId: string;
  actor: EventActor | null;
  payload: Record<string, unknown>;
}
