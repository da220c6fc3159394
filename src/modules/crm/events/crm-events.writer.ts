import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../../auth/policy.types';
import { EventActor, NewCrmEvent } from './crm-event.types';

/** Appends domain events inside the transaction of the change they describe. */
@Injectable()
export class CrmEventsWriter {
  async append(manager: EntityManager, event: NewCrmEvent): Promise<void> {
    // Outside a transaction the event could commit without its change, or the reverse.
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`Event ${event.type} must be written inside the transaction of its change`);
    }
    await manager.query(
      `INSERT INTO crm_events (txid, organization_id, type, aggregate_type, aggregate_id, actor_user_id, payload)
       VALUES (pg_current_xact_id()::text::bigint, $1, $2, $3, $4, $5, $6)`,
      [
        event.organizationId,
        event.type,
        event.aggregateType,
        event.aggregateId,
        event.actor?.id ?? null,
        JSON.stringify({ ...event.payload, actor: event.actor }),
      ],
    );
  }
}

/** How an event names its actor; null for the system. */
export function eventActor(actor: Actor | null): EventActor | null {
  if (!actor || actor.via === 'system') return null;
  return { id: actor.userId, name: actor.name, role: actor.role };
}
