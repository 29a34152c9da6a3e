import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuditRecord } from '@sluice/audit';

export const auditLabelsSchema = z
  .record(z.string(), z.string())
  .describe('Names for the ids in these events, by id: people as "Name (email)", keys, teams, service accounts, providers, models, policies, SSO connections and webhooks by their current name. For display; not part of the hashed records. Deleted objects have none.');

/** Where the current name of each kind of actor or target is, scoped to the org where the table has one. */
const NAMED: Record<string, { table: string; label: string; orgScoped: boolean }> = {
  user: { table: 'users', label: "CASE WHEN display_name = '' OR display_name = email THEN email ELSE display_name || ' (' || email || ')' END", orgScoped: false },
  service_account: { table: 'service_accounts', label: 'name', orgScoped: true },
  api_key: { table: 'api_keys', label: 'name', orgScoped: true },
  team: { table: 'teams', label: 'name', orgScoped: true },
  provider: { table: 'providers', label: 'name', orgScoped: true },
  model: { table: 'models', label: 'name', orgScoped: true },
  policy: { table: 'policies', label: 'name', orgScoped: true },
  sso_connection: { table: 'sso_connections', label: 'name', orgScoped: true },
  webhook: { table: 'webhooks', label: 'name', orgScoped: true },
};

/** Names for the actors and targets of `records` (all of one org): one query per kind that occurs. */
export async function auditLabelsOf(manager: EntityManager, orgId: string, records: readonly AuditRecord[]): Promise<Record<string, string>> {
  const ids = new Map<string, Set<string>>();
  const note = (type: string | null, id: string | null) => {
    if (!type || !id || !Object.hasOwn(NAMED, type)) return;
    if (!ids.has(type)) ids.set(type, new Set());
    ids.get(type)!.add(id);
  };
  for (const r of records) {
    note(r.actor_type, r.actor_id);
    note(r.target_type, r.target_id);
  }
  const labels: Record<string, string> = {};
  await Promise.all(
    [...ids].map(async ([type, set]) => {
      const { table, label, orgScoped } = NAMED[type];
      // Target ids are free text in the record: only uuids can name a row.
      const uuids = [...set].filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
      if (uuids.length === 0) return;
      const rows = (await manager.query(
        `SELECT id::text AS id, ${label} AS label FROM ${table} WHERE id = ANY($1::uuid[])${orgScoped ? ' AND org_id = $2' : ''}`,
        orgScoped ? [uuids, orgId] : [uuids],
      )) as Array<{ id: string; label: string }>;
      for (const row of rows) labels[row.id] = row.label;
    }),
  );
  return labels;
}
