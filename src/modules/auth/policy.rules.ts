import { AccessRule, CrmAction, CrmResource, Role } from './policy.types';

type RoleRules = Partial<Record<CrmResource, Partial<Record<CrmAction, AccessRule>>>>;

const EVERYTHING: Partial<Record<CrmAction, AccessRule>> = {
  read: 'all',
  create: 'all',
  update: 'all',
  delete: 'all',
};

/**
 * The access rules of SPEC §13, in one table (docs/rbac.md prints the resulting matrix).
 * Anything not listed is `none`.
 */
export const ACCESS_RULES: Record<Role, RoleRules> = {
  // Everything in their organization.
  vendor: {
    users: EVERYTHING,
    customers: EVERYTHING,
    leads: EVERYTHING,
    deals: EVERYTHING,
    tickets: EVERYTHING,
    ticketComments: { read: 'all', create: 'all' },
    invoices: EVERYTHING,
    payments: { read: 'all', create: 'all', delete: 'all' },
    stats: { read: 'all' },
    apiKeys: { read: 'all', create: 'all', delete: 'all' },
  },
  // Reads everything in the organization; changes only what is assigned to them; comments on any ticket.
  employee: {
    users: { read: 'all' },
    customers: { read: 'all' },
    leads: { read: 'all', create: 'assigned', update: 'assigned' },
    deals: { read: 'all', create: 'assigned', update: 'assigned' },
    tickets: { read: 'all', create: 'assigned', update: 'assigned' },
    ticketComments: { read: 'all', create: 'all' },
    invoices: { read: 'all' },
    payments: { read: 'all' },
    stats: { read: 'all' },
  },
  // Their own profile, their tickets (open, comment, read), their invoices and payments.
  customer: {
    users: { read: 'self' },
    customers: { read: 'own' },
    tickets: { read: 'own', create: 'own' },
    ticketComments: { read: 'own', create: 'own' },
    invoices: { read: 'own' },
    payments: { read: 'own' },
  },
};

export function ruleFor(role: Role, resource: CrmResource, action: CrmAction): AccessRule {
  return ACCESS_RULES[role][resource]?.[action] ?? 'none';
}
