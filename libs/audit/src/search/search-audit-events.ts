import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AUDIT_ROW_SELECT, recordFromRow, type AuditEventRow, type AuditRecord } from '../record/audit-record';
import { auditFilterSql, auditFiltersSchema, type AuditFilters } from '../read/audit-filters';

export const auditPageSchema = z.strictObject({
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().regex(/^[1-9][0-9]{0,15}$/, 'invalid cursor').optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type AuditPage = z.input<typeof auditPageSchema>;

export interface AuditSearchResult {
  /** Newest first. */
  items: AuditRecord[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of an org's audit events, newest first, with keyset pagination on `seq` (stable while
 * events are appended: a page never repeats or skips an event).
 */
export async function searchAuditEvents(dataSource: DataSource, orgId: string, filters: AuditFilters, page: AuditPage): Promise<AuditSearchResult> {
  z.uuid().parse(orgId);
  const { cursor, limit } = auditPageSchema.parse(page);
  const { where, params } = auditFilterSql(orgId, auditFiltersSchema.parse(filters));
  const keyset = cursor ? ` AND seq < $${params.push(cursor)}` : '';
  const rows = (await dataSource.query(
    `SELECT ${AUDIT_ROW_SELECT} FROM audit_events ${where}${keyset} ORDER BY seq DESC LIMIT $${params.push(limit + 1)}`,
    params,
  )) as AuditEventRow[];
  const items = rows.slice(0, limit).map(recordFromRow);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].seq) : null };
}
