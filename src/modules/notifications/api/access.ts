import type { Actor } from '../../auth/policy.types';
import { NotificationsErrorCode, NotificationsException } from '../notifications.exception';

/** Notifications are staff work: customers get 403. */
export function assertStaff(actor: Actor): void {
  if (actor.role !== 'vendor' && actor.role !== 'employee') {
    throw new NotificationsException(
      NotificationsErrorCode.FORBIDDEN,
      'Notifications are for staff (vendor, employee).',
    );
  }
}

/** Broadcasts, templates and schedules concern the whole organization: vendors only. */
export function assertVendor(actor: Actor, what: string): void {
  if (actor.role !== 'vendor') {
    throw new NotificationsException(NotificationsErrorCode.FORBIDDEN, `Only a vendor may ${what}.`);
  }
}
