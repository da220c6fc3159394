import { PolicyService } from './policy.service';
import { Actor, Role } from './policy.types';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '22222222-2222-4222-8222-222222222222';
const CUSTOMER = '33333333-3333-4333-8333-333333333333';

function actor(role: Role, userId = `${role}-id`): Actor {
  return {
    userId,
    organizationId: ORG,
    role,
    name: role,
    customerId: role === 'customer' ? CUSTOMER : null,
    via: 'token',
  };
}

describe('PolicyService', () => {
  const policy = new PolicyService();

  it('lets a vendor do everything in their organization and nothing in another', () => {
    expect(policy.can(actor('vendor'), 'delete', 'deals', { organizationId: ORG, assigneeId: 'someone' })).toBe(true);
    expect(policy.can(actor('vendor'), 'read', 'deals', { organizationId: OTHER_ORG })).toBe(false);
    expect(() => policy.assertCan(actor('vendor'), 'read', 'deals', { organizationId: OTHER_ORG })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('lets an employee change only what is assigned to them', () => {
    const employee = actor('employee');
    expect(policy.can(employee, 'update', 'tickets', { organizationId: ORG, assigneeId: employee.userId })).toBe(true);
    expect(policy.can(employee, 'update', 'tickets', { organizationId: ORG, assigneeId: 'colleague' })).toBe(false);
    expect(policy.can(employee, 'update', 'tickets', { organizationId: ORG, assigneeId: null })).toBe(false);
    expect(policy.can(employee, 'create', 'ticketComments', { organizationId: ORG, assigneeId: 'colleague' })).toBe(
      true,
    );
    expect(policy.allows(employee, 'update', 'invoices')).toBe(false);
    expect(() => policy.assertCan(employee, 'update', 'deals', { organizationId: ORG, assigneeId: 'x' })).toThrow(
      expect.objectContaining({ status: 403, code: 'FORBIDDEN' }),
    );
  });

  it('scopes a customer to their own records', () => {
    const customer = actor('customer');
    expect(policy.readScope(customer, 'invoices')).toEqual({ organizationId: ORG, customerId: CUSTOMER });
    expect(policy.readScope(customer, 'users')).toEqual({ organizationId: ORG, userId: customer.userId });
    expect(policy.readScope(actor('employee'), 'invoices')).toEqual({ organizationId: ORG });
    expect(policy.can(customer, 'create', 'tickets', { organizationId: ORG, customerId: CUSTOMER })).toBe(true);
    expect(policy.can(customer, 'create', 'tickets', { organizationId: ORG, customerId: 'another' })).toBe(false);
    expect(() => policy.readScope(customer, 'deals')).toThrow(expect.objectContaining({ status: 403 }));
  });
});
