import type { Actor } from '../../auth/policy.types';

/** `me` in a list filter stands for the actor. */
export function resolveMe(actor: Actor, userId: string | undefined): string | undefined {
  return userId?.toLowerCase() === 'me' ? actor.userId : userId;
}

/** A new record's assignee: the one given (null = nobody), else the creating staff member. */
export function defaultAssignee(actor: Actor, given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  return actor.role === 'customer' || actor.via === 'system' ? null : actor.userId;
}
