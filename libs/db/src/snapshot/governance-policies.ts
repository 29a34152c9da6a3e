import type { EntityManager } from 'typeorm';
import { policySpecSchemas, type GovernanceScope, type GovernanceSnapshot, type PolicyKind, type RedisFailMode } from '@sluice/contracts';

interface AttachmentRow {
  kind: PolicyKind;
  scope_type: GovernanceScope;
  scope_id: string;
  policy_id: string;
  spec: unknown;
}

/** The governance part of a snapshot that comes from the database; `defaultFailMode` and `expectedInstances` keep their defaults. */
export type StoredGovernance = Pick<GovernanceSnapshot, 'limits' | 'budgets' | 'cache' | 'guardrails' | 'logging' | 'failMode'>;

/**
 * Every attached policy (`policy_attachments` ⨝ `policies`) as scoped governance entries. Specs are
 * re-validated with the gateway's schemas: a spec the current code cannot read fails the snapshot
 * (the gateway keeps serving the previous one) rather than silently dropping a limit or guardrail.
 * A rate-limit policy attached to an organization also sets that organization's Redis fail mode.
 */
export async function readGovernancePolicies(manager: EntityManager): Promise<StoredGovernance> {
  const rows = (await manager.query(
    `SELECT a.kind, a.scope_type, a.scope_id, a.policy_id, p.spec
       FROM policy_attachments a
       JOIN policies p ON p.id = a.policy_id
      ORDER BY a.kind, a.scope_type, a.scope_id`,
  )) as AttachmentRow[];
  const governance: StoredGovernance = { limits: [], budgets: [], cache: [], guardrails: [], logging: [], failMode: {} };
  for (const row of rows) {
    const target = { scope: row.scope_type, scopeId: row.scope_id };
    switch (row.kind) {
      case 'rate_limit': {
        const { failMode, ...limits } = parseSpec('rate_limit', row);
        governance.limits.push({ ...target, limits });
        if (failMode && row.scope_type === 'org') governance.failMode[row.scope_id] = failMode satisfies RedisFailMode;
        break;
      }
      case 'budget':
        governance.budgets.push({ ...target, budget: parseSpec('budget', row) });
        break;
      case 'cache':
        governance.cache.push({ ...target, policy: parseSpec('cache', row) });
        break;
      case 'guardrail':
        governance.guardrails.push({ ...target, policy: parseSpec('guardrail', row) });
        break;
      case 'logging':
        governance.logging.push({ ...target, policy: parseSpec('logging', row) });
        break;
    }
  }
  return governance;
}

function parseSpec<K extends PolicyKind>(kind: K, row: AttachmentRow) {
  const parsed = policySpecSchemas[kind].safeParse(row.spec);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new Error(`policy ${row.policy_id} (${kind}) has a spec the gateway cannot apply: ${detail}`);
  }
  return parsed.data as ReturnType<(typeof policySpecSchemas)[K]['parse']>;
}
