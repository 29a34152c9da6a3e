import type { GovernanceSnapshot, SnapshotKey } from '@sluice/contracts';
import { compileGuardrails, type GuardrailChecker } from '@sluice/guardrails';

/** Guardrail policies of a snapshot, compiled once; the most specific scope of a key wins. */
export class GuardrailPolicies {
  private readonly byScope = new Map<string, GuardrailChecker>();

  constructor(governance: GovernanceSnapshot) {
    for (const entry of governance.guardrails) this.byScope.set(`${entry.scope}:${entry.scopeId}`, compileGuardrails(entry.policy));
  }

  for(key: SnapshotKey): GuardrailChecker | null {
    if (this.byScope.size === 0) return null;
    const scopes = [`key:${key.id}`, key.userId ? `user:${key.userId}` : null, key.teamId ? `team:${key.teamId}` : null, `org:${key.orgId}`];
    for (const scope of scopes) {
      const checker = scope ? this.byScope.get(scope) : undefined;
      if (checker) return checker;
    }
    return null;
  }
}
