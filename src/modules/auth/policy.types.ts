export const ROLES = ['vendor', 'employee', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Staff work in the CRM; customers only see their own records. */
export const STAFF_ROLES: readonly Role[] = ['vendor', 'employee'];

/** Who is acting: the user, their organization and role, loaded from the database on each request. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
  /** The user's display name (events and messages name the actor). */
  name: string;
  /** The `customers` row a customer user belongs to; null for staff. */
  customerId: string | null;
  /** How the actor authenticated (token, API key, Telegram link, the system itself). */
  via: 'token' | 'api-key' | 'telegram' | 'system';
  apiKeyId?: string;
}

export const CRM_RESOURCES = [
  'users',
  'customers',
  'leads',
  'deals',
  'tickets',
  'ticketComments',
  'invoices',
  'payments',
  'stats',
  'apiKeys',
] as const;
export type CrmResource = (typeof CRM_RESOURCES)[number];

export const CRM_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type CrmAction = (typeof CRM_ACTIONS)[number];

/**
 * Which records of a resource a role may touch with an action:
 * - `all`: every record of the organization;
 * - `assigned`: records whose assignee is the actor (a created record must be assigned to them);
 * - `own`: records of the actor's own customer;
 * - `self`: the actor's own user record;
 * - `none`: nothing (403).
 */
export type AccessRule = 'all' | 'assigned' | 'own' | 'self' | 'none';

/** What the policy needs to know about one record. */
export interface PolicyRecord {
  organizationId: string;
  assigneeId?: string | null;
  customerId?: string | null;
  /** For `users`: the user's own id. */
  userId?: string;
}

/** The rows of a resource an actor may read, applied in the query (`WHERE`). */
export interface ReadScope {
  organizationId: string;
  /** Only rows of this customer. */
  customerId?: string;
  /** Only this user (users resource). */
  userId?: string;
}
