import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ReadScope } from '../../auth/policy.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from paths, bodies, the bot and AI tools: anything that is not a UUID matches no row. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** `%text%` for ILIKE, with the caller's wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Restricts a query to the rows an actor may read: always the organization, and for a
 * customer only their own customer's rows. `customerColumn` is the column holding the
 * customer id (`id` on the customers table itself).
 */
export function applyScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  scope: ReadScope,
  customerColumn = 'customerId',
): SelectQueryBuilder<T> {
  qb.andWhere(`${alias}.organizationId = :scopeOrganizationId`, { scopeOrganizationId: scope.organizationId });
  if (scope.customerId !== undefined) {
    qb.andWhere(`${alias}.${customerColumn} = :scopeCustomerId`, { scopeCustomerId: scope.customerId });
  }
  if (scope.userId !== undefined) {
    qb.andWhere(`${alias}.id = :scopeUserId`, { scopeUserId: scope.userId });
  }
  return qb;
}

/** A row still referenced (23503 foreign_key_violation, 23001 restrict_violation for ON DELETE RESTRICT). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23503' || code === '23001';
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** Rows of an `UPDATE/DELETE … RETURNING` run through `manager.query` (TypeORM answers `[rows, count]` for those). */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
