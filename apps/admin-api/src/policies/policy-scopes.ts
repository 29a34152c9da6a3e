import type { EntityManager } from 'typeorm';
import type { PolicyScopeType } from '@sluice/db';
import { Problem } from '../errors/problem';

export interface ScopeRef {
  type: PolicyScopeType;
  id: string;
}

const notFound = (scope: ScopeRef) => new Problem(404, 'not-found', `No ${scope.type} with this id in the organization.`);

/**
 * The scopes the gateway consults for requests of `scope`, most specific first (key → user → team →
 * org). A scope that is not part of `orgId` (another org's team, user or key) is a 404.
 */
export async function scopeChainOf(db: Pick<EntityManager, 'query'>, orgId: string, scope: ScopeRef): Promise<ScopeRef[]> {
  const org: ScopeRef = { type: 'org', id: orgId };
  switch (scope.type) {
    case 'org':
      if (scope.id !== orgId) throw notFound(scope);
      return [org];
    case 'team': {
      const rows = (await db.query('SELECT 1 FROM teams WHERE id = $1 AND org_id = $2', [scope.id, orgId])) as unknown[];
      if (rows.length === 0) throw notFound(scope);
      return [scope, org];
    }
    case 'user': {
      const rows = (await db.query('SELECT 1 FROM memberships WHERE user_id = $1 AND org_id = $2 LIMIT 1', [scope.id, orgId])) as unknown[];
      if (rows.length === 0) throw notFound(scope);
      return [scope, org];
    }
    case 'key': {
      const rows = (await db.query('SELECT team_id, user_id FROM api_keys WHERE id = $1 AND org_id = $2', [scope.id, orgId])) as Array<{ team_id: string | null; user_id: string | null }>;
      if (rows.length === 0) throw notFound(scope);
      const chain: ScopeRef[] = [scope];
      if (rows[0].user_id) chain.push({ type: 'user', id: rows[0].user_id });
      if (rows[0].team_id) chain.push({ type: 'team', id: rows[0].team_id });
      return [...chain, org];
    }
  }
}
