import { Injectable } from '@nestjs/common';
import { AppException, CommonErrorCode } from '../../core/http/app.exception';
import { AuthException } from './auth.exception';
import { ruleFor } from './policy.rules';
import { AccessRule, Actor, CrmAction, CrmResource, PolicyRecord, ReadScope } from './policy.types';

/**
 * The one place that answers "may this actor do this action on this record?" and gives the
 * scope of lists. REST guards, the CRM services (and through them the bot and AI tools) call it.
 */
@Injectable()
export class PolicyService {
  /** The rule for an action on a resource, whatever the record. */
  ruleFor(actor: Actor, action: CrmAction, resource: CrmResource): AccessRule {
    return ruleFor(actor.role, resource, action);
  }

  /** May the actor do the action on at least some records of the resource? */
  allows(actor: Actor, action: CrmAction, resource: CrmResource): boolean {
    return this.ruleFor(actor, action, resource) !== 'none';
  }

  /** 403 when the actor's role may never do the action on the resource. */
  assertAllowed(actor: Actor, action: CrmAction, resource: CrmResource): void {
    if (!this.allows(actor, action, resource)) {
      throw AuthException.forbidden(`A ${actor.role} may not ${action} ${describe(resource)}.`);
    }
  }

  /** May the actor do the action on this record? Records of other organizations never. */
  can(actor: Actor, action: CrmAction, resource: CrmResource, record: PolicyRecord): boolean {
    if (record.organizationId !== actor.organizationId) return false;
    return matches(this.ruleFor(actor, action, resource), actor, record);
  }

  /**
   * Throws unless the actor may do the action on the record: 404 for another organization's
   * record (its existence is not revealed), 403 otherwise.
   */
  assertCan(actor: Actor, action: CrmAction, resource: CrmResource, record: PolicyRecord): void {
    if (record.organizationId !== actor.organizationId) {
      throw new AppException(CommonErrorCode.NOT_FOUND, `No such ${describe(resource)} record.`, 404);
    }
    if (!this.can(actor, action, resource, record)) {
      const rule = this.ruleFor(actor, action, resource);
      throw AuthException.forbidden(
        rule === 'assigned'
          ? `A ${actor.role} may only ${action} ${describe(resource)} assigned to them.`
          : `A ${actor.role} may not ${action} this ${describe(resource)} record.`,
      );
    }
  }

  /** The rows of the resource the actor may read (applied in the query); 403 when none. */
  readScope(actor: Actor, resource: CrmResource): ReadScope {
    const rule = this.ruleFor(actor, 'read', resource);
    switch (rule) {
      case 'all':
        return { organizationId: actor.organizationId };
      case 'own':
        // A customer user always has a customer; a missing one sees nothing rather than everything.
        return {
          organizationId: actor.organizationId,
          customerId: actor.customerId ?? '00000000-0000-0000-0000-000000000000',
        };
      case 'self':
        return { organizationId: actor.organizationId, userId: actor.userId };
      case 'assigned':
      case 'none':
        throw AuthException.forbidden(`A ${actor.role} may not read ${describe(resource)}.`);
    }
  }
}

function matches(rule: AccessRule, actor: Actor, record: PolicyRecord): boolean {
  switch (rule) {
    case 'all':
      return true;
    case 'assigned':
      return record.assigneeId === actor.userId;
    case 'own':
      return actor.customerId !== null && record.customerId === actor.customerId;
    case 'self':
      return record.userId === actor.userId;
    case 'none':
      return false;
  }
}

const NAMES: Record<CrmResource, string> = {
  users: 'users',
  customers: 'customers',
  leads: 'leads',
  deals: 'deals',
  tickets: 'tickets',
  ticketComments: 'ticket comments',
  invoices: 'invoices',
  payments: 'payments',
  stats: 'statistics',
  apiKeys: 'API keys',
};

function describe(resource: CrmResource): string {
  return NAMES[resource];
}
