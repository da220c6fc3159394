/**
 * The access matrix of SPEC §13: every role × resource × action × record. docs/rbac.md prints
 * this same table (the matrix test checks that they match).
 *
 * record: `own` = assigned to the actor (vendor, employee) / of the actor's customer (customer)
 * / the actor themselves (users); `other` = another record of the same organization (assigned to
 * another employee, of another customer); `foreign` = a record of another organization.
 * list cells: `all` = every record of the organization, `own` = only the customer's own,
 * `self` = only the actor; numbers are HTTP statuses.
 */
export const RBAC_MATRIX = `
| resource | action | record | vendor | employee | customer |
| --- | --- | --- | --- | --- | --- |
| users | list | — | all | all | self |
| users | get | own | 200 | 200 | 200 |
| users | get | other | 200 | 200 | 404 |
| users | get | foreign | 404 | 404 | 404 |
| users | create | — | 201 | 403 | 403 |
| users | update | own | 200 | 403 | 403 |
| users | update | other | 200 | 403 | 403 |
| users | update | foreign | 404 | 403 | 403 |
| users | delete | own | 409 | 403 | 403 |
| users | delete | other | 204 | 403 | 403 |
| users | delete | foreign | 404 | 403 | 403 |
| customers | list | — | all | all | own |
| customers | get | own | 200 | 200 | 200 |
| customers | get | other | 200 | 200 | 404 |
| customers | get | foreign | 404 | 404 | 404 |
| customers | create | — | 201 | 403 | 403 |
| customers | update | own | 200 | 403 | 403 |
| customers | update | other | 200 | 403 | 403 |
| customers | update | foreign | 404 | 403 | 403 |
| customers | delete | own | 204 | 403 | 403 |
| customers | delete | other | 204 | 403 | 403 |
| customers | delete | foreign | 404 | 403 | 403 |
| leads | list | — | all | all | 403 |
| leads | get | own | 200 | 200 | 403 |
| leads | get | other | 200 | 200 | 403 |
| leads | get | foreign | 404 | 404 | 403 |
| leads | create | — | 201 | 201 | 403 |
| leads | update | own | 200 | 200 | 403 |
| leads | update | other | 200 | 403 | 403 |
| leads | update | foreign | 404 | 404 | 403 |
| leads | convert | own | 200 | 200 | 403 |
| leads | convert | other | 200 | 403 | 403 |
| leads | convert | foreign | 404 | 404 | 403 |
| leads | delete | own | 204 | 403 | 403 |
| leads | delete | other | 204 | 403 | 403 |
| leads | delete | foreign | 404 | 403 | 403 |
| deals | list | — | all | all | 403 |
| deals | get | own | 200 | 200 | 403 |
| deals | get | other | 200 | 200 | 403 |
| deals | get | foreign | 404 | 404 | 403 |
| deals | create | — | 201 | 201 | 403 |
| deals | update | own | 200 | 200 | 403 |
| deals | update | other | 200 | 403 | 403 |
| deals | update | foreign | 404 | 404 | 403 |
| deals | delete | own | 204 | 403 | 403 |
| deals | delete | other | 204 | 403 | 403 |
| deals | delete | foreign | 404 | 403 | 403 |
| tickets | list | — | all | all | own |
| tickets | get | own | 200 | 200 | 200 |
| tickets | get | other | 200 | 200 | 404 |
| tickets | get | foreign | 404 | 404 | 404 |
| tickets | create | — | 201 | 201 | 201 |
| tickets | update | own | 200 | 200 | 403 |
| tickets | update | other | 200 | 403 | 403 |
| tickets | update | foreign | 404 | 404 | 403 |
| tickets | delete | own | 204 | 403 | 403 |
| tickets | delete | other | 204 | 403 | 403 |
| tickets | delete | foreign | 404 | 403 | 403 |
| ticket comments | list | own | 200 | 200 | 200 |
| ticket comments | list | other | 200 | 200 | 404 |
| ticket comments | list | foreign | 404 | 404 | 404 |
| ticket comments | create | own | 201 | 201 | 201 |
| ticket comments | create | other | 201 | 201 | 404 |
| ticket comments | create | foreign | 404 | 404 | 404 |
| invoices | list | — | all | all | own |
| invoices | get | own | 200 | 200 | 200 |
| invoices | get | other | 200 | 200 | 404 |
| invoices | get | foreign | 404 | 404 | 404 |
| invoices | create | — | 201 | 403 | 403 |
| invoices | update | own | 200 | 403 | 403 |
| invoices | update | other | 200 | 403 | 403 |
| invoices | update | foreign | 404 | 403 | 403 |
| invoices | delete | own | 204 | 403 | 403 |
| invoices | delete | other | 204 | 403 | 403 |
| invoices | delete | foreign | 404 | 403 | 403 |
| payments | list | — | all | all | own |
| payments | get | own | 200 | 200 | 200 |
| payments | get | other | 200 | 200 | 404 |
| payments | get | foreign | 404 | 404 | 404 |
| payments | create | own | 201 | 403 | 403 |
| payments | create | other | 201 | 403 | 403 |
| payments | create | foreign | 404 | 403 | 403 |
| payments | delete | own | 204 | 403 | 403 |
| payments | delete | other | 204 | 403 | 403 |
| payments | delete | foreign | 404 | 403 | 403 |
| stats | get | — | 200 | 200 | 403 |
| api keys | list | — | all | 403 | 403 |
| api keys | create | — | 201 | 403 | 403 |
| api keys | delete | own | 204 | 403 | 403 |
| api keys | delete | other | 204 | 403 | 403 |
| api keys | delete | foreign | 404 | 403 | 403 |
`;

export type MatrixRole = 'vendor' | 'employee' | 'customer';
export type MatrixRecord = 'own' | 'other' | 'foreign' | null;

export interface MatrixRow {
  resource: string;
  action: string;
  record: MatrixRecord;
  expected: Record<MatrixRole, string>;
}

export function parseMatrix(table: string): MatrixRow[] {
  return table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .map(([resource, action, record, vendor, employee, customer]) => ({
      resource,
      action,
      record: record === '—' ? null : (record as MatrixRecord),
      expected: { vendor, employee, customer },
    }));
}
