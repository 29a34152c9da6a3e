import { z } from 'zod';
import { AUDIT_RESULTS } from '../record/audit-record';

const term = z.string().trim().min(1).max(200);

/** Filters shared by search and export. Time bounds are `occurred_at >= from` and `occurred_at < to`. */
export const auditFiltersSchema = z
  .strictObject({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    actorId: term.optional(),
    /** Exact action, or a prefix ending in `.*` (`api_key.*`). */
    action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/).max(100).optional(),
    targetType: term.optional(),
    targetId: term.optional(),
    result: z.enum(AUDIT_RESULTS).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, 'from must be before to');
export type AuditFilters = z.input<typeof auditFiltersSchema>;
export type ParsedAuditFilters = z.output<typeof auditFiltersSchema>;

/** `WHERE` clause (org first, so the `(org_id, …)` indexes apply) and its parameters. */
export function auditFilterSql(orgId: string, filters: ParsedAuditFilters): { where: string; params: unknown[] } {
  const params: unknown[] = [orgId];
  const clauses = ['org_id = $1', ...filterClauses(filters, params)];
  return { where: `WHERE ${clauses.join(' AND ')}`, params };
}

/**
 * The filters as one boolean SQL expression (`true` without filters), its parameters appended to
 * `params`: for a scan that reads every event of the org and flags the matching ones. NULL (a filter
 * on a NULL column) means no match, as in a WHERE.
 */
export function auditFilterMatchSql(filters: ParsedAuditFilters, params: unknown[]): string {
  const clauses = filterClauses(filters, params);
  return clauses.length > 0 ? `(${clauses.join(' AND ')})` : 'true';
}

function filterClauses(filters: ParsedAuditFilters, params: unknown[]): string[] {
  const clauses: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => clauses.push(sql(`$${params.push(value)}`));
  if (filters.from) add((p) => `occurred_at >= ${p}`, filters.from);
  if (filters.to) add((p) => `occurred_at < ${p}`, filters.to);
  if (filters.actorId) add((p) => `actor_id = ${p}`, filters.actorId);
  if (filters.action?.endsWith('.*')) add((p) => `starts_with(action, ${p})`, filters.action.slice(0, -1));
  else if (filters.action) add((p) => `action = ${p}`, filters.action);
  if (filters.targetType) add((p) => `target_type = ${p}`, filters.targetType);
  if (filters.targetId) add((p) => `target_id = ${p}`, filters.targetId);
  if (filters.result) add((p) => `result = ${p}`, filters.result);
  return clauses;
}

/** Filters as plain JSON (ISO dates), for a manifest. */
export function filtersToJson(filters: ParsedAuditFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined) out[key] = value instanceof Date ? value.toISOString() : String(value);
  }
  return out;
}
