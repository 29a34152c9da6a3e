import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { auditFilterSql, auditFiltersSchema, type AuditFilters } from '../read/audit-filters';

/** How many events an export with these filters would hold now (a progress estimate: events keep arriving). */
export async function countAuditExportRows(dataSource: DataSource, orgId: string, filters: AuditFilters): Promise<number> {
  const { where, params } = auditFilterSql(z.uuid().parse(orgId), auditFiltersSchema.parse(filters));
  const [row] = (await dataSource.query(`SELECT count(*)::bigint AS n FROM audit_events ${where}`, params)) as Array<{ n: string }>;
  return Number(row.n);
}
