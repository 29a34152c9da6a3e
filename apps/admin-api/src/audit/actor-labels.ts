import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AuditRecord } from '@sluice/audit';

export const actorLabelsSchema = z
  .record(z.string(), z.string())
  .describe('Who the actors of these events are, by actor_id: a person’s name and email, a service account’s name. For display; not part of the hashed records.');

/** Names for the people and service accounts that acted in `records` (all of one org), in two queries. */
export async function actorLabelsOf(manager: EntityManager, orgId: string, records: readonly AuditRecord[]): Promise<Record<string, string>> {
  const idsOf = (type: string) => [...new Set(records.flatMap((r) => (r.actor_type === type && r.actor_id ? [r.actor_id] : [])))];
  const [userIds, accountIds] = [idsOf('user'), idsOf('service_account')];
  const [users, accounts] = await Promise.all([
    userIds.length ? (manager.query('SELECT id, display_name, email FROM users WHERE id = ANY($1::uuid[])', [userIds]) as Promise<Array<{ id: string; display_name: string; email: string }>>) : [],
    accountIds.length ? (manager.query('SELECT id, name FROM service_accounts WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, accountIds]) as Promise<Array<{ id: string; name: string }>>) : [],
  ]);
  const labels: Record<string, string> = {};
  for (const u of users) labels[u.id] = u.display_name && u.display_name !== u.email ? `${u.display_name} (${u.email})` : u.email;
  for (const a of accounts) labels[a.id] = a.name;
  return labels;
}
