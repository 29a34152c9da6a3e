import type { EntityManager } from 'typeorm';

/** The ids (of usage dimensions, and key owners) that stand for something with a name. */
export type LabelledDimension = 'team' | 'key' | 'user' | 'service_account';

const LABEL_SQL: Record<LabelledDimension, string> = {
  team: 'SELECT id::text AS id, name AS label FROM teams WHERE org_id = $1 AND id = ANY($2::uuid[])',
  key: "SELECT id::text AS id, name || ' (' || display_prefix || '…)' AS label FROM api_keys WHERE org_id = $1 AND id = ANY($2::uuid[])",
  user: 'SELECT u.id::text AS id, u.email AS label FROM users u WHERE u.id = ANY($2::uuid[]) AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.org_id = $1)',
  service_account: "SELECT id::text AS id, name || ' (service account)' AS label FROM service_accounts WHERE org_id = $1 AND id = ANY($2::uuid[])",
};

/**
 * How people read usage ids of one organization: a team by its name, a key as "name (sk-sluice-ab…)",
 * a user by their email, a service account as "name (service account)". Ids of another organization
 * (or deleted) get no label. `db`: the data source, or a transaction's manager.
 */
export async function usageLabels(db: Pick<EntityManager, 'query'>, orgId: string, dimension: LabelledDimension, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const rows = (await db.query(LABEL_SQL[dimension], [orgId, wanted])) as Array<{ id: string; label: string }>;
  return new Map(rows.map((r) => [r.id, r.label]));
}
