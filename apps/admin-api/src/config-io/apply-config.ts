import type { EntityManager } from 'typeorm';
import type { PolicyKind } from '@sluice/contracts';
import type { ConfigDiff } from './config-diff';
import type { OrgConfig, Prices } from './org-config';
import { desiredSlots, type StoredConfig } from './stored-config';

/** Context window given to catalog models an import creates (the file has no catalog details; edit them in the catalog). */
export const IMPORTED_MODEL_CONTEXT_WINDOW = 128_000;

/** Writes `diff` (computed from `stored` and `desired` in the same transaction). */
export async function applyConfig(manager: EntityManager, stored: StoredConfig, desired: OrgConfig, diff: ConfigDiff): Promise<void> {
  const providerIds = await applyProviders(manager, stored, desired, diff);
  const teamIds = new Map([...stored.teams].map(([name, t]) => [name, t.id]));
  for (const name of diff.teams.added) {
    const [row] = (await manager.query('INSERT INTO teams (org_id, name) VALUES ($1, $2) RETURNING id', [stored.orgId, name])) as Array<{ id: string }>;
    teamIds.set(name, row.id);
  }
  await applyModels(manager, stored, desired, diff, providerIds);
  await applyPolicies(manager, stored, desired, diff, teamIds);
}

async function applyProviders(manager: EntityManager, stored: StoredConfig, desired: OrgConfig, diff: ConfigDiff): Promise<Map<string, { id: string; type: string }>> {
  const ids = new Map([...stored.providers].map(([name, p]) => [name, { id: p.id, type: p.provider.type as string }]));
  const byName = new Map(desired.providers.map((p) => [p.name, p]));
  for (const name of diff.providers.added) {
    const p = byName.get(name) as OrgConfig['providers'][number];
    const [row] = (await manager.query('INSERT INTO providers (org_id, name, type, base_url, options) VALUES ($1, $2, $3, $4, $5) RETURNING id', [stored.orgId, name, p.type, p.baseUrl, JSON.stringify(p.options)])) as Array<{ id: string }>;
    ids.set(name, { id: row.id, type: p.type });
  }
  for (const { name } of diff.providers.changed) {
    const p = byName.get(name) as OrgConfig['providers'][number];
    const id = (ids.get(name) as { id: string }).id;
    await manager.query('UPDATE providers SET type = $2, base_url = $3, options = $4, enabled = true, updated_at = now() WHERE id = $1', [id, p.type, p.baseUrl, JSON.stringify(p.options)]);
    ids.set(name, { id, type: p.type });
  }
  for (const name of diff.providers.removed) {
    await manager.query('UPDATE providers SET enabled = false, updated_at = now() WHERE id = $1', [(ids.get(name) as { id: string }).id]);
  }
  return ids;
}

async function applyModels(manager: EntityManager, stored: StoredConfig, desired: OrgConfig, diff: ConfigDiff, providers: Map<string, { id: string; type: string }>): Promise<void> {
  const touched = new Set([...diff.models.added, ...diff.models.changed.map((c) => c.name)]);
  const redeploy = new Set([...diff.models.added, ...diff.models.changed.filter((c) => c.fields.includes('deployments')).map((c) => c.name)]);
  const modelIds = new Map([...stored.models].map(([name, m]) => [name, m.id]));
  for (const model of desired.models.filter((m) => touched.has(m.name))) {
    let id = modelIds.get(model.name);
    if (id) {
      await manager.query(
        `UPDATE models SET input_price_per_1m = $2, output_price_per_1m = $3, cached_input_price_per_1m = $4, cache_write_price_per_1m = $5,
                cache_write_1h_price_per_1m = $6, long_context_above_tokens = $7, long_context_input_price_per_1m = $8, long_context_output_price_per_1m = $9,
                long_context_cached_input_price_per_1m = $10, long_context_cache_write_price_per_1m = $11, long_context_cache_write_1h_price_per_1m = $12,
                updated_at = now()
          WHERE id = $1`,
        [id, model.prices.input, model.prices.output, model.prices.cachedInput, ...tierValues(model.prices)],
      );
    } else {
      const providerType = providers.get(model.deployments[0].provider)?.type;
      const [row] = (await manager.query(
        `INSERT INTO models (org_id, name, family, provider_type, context_window, input_price_per_1m, output_price_per_1m, cached_input_price_per_1m,
                             ${TIER_COLUMNS})
         VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [stored.orgId, model.name, providerType, IMPORTED_MODEL_CONTEXT_WINDOW, model.prices.input, model.prices.output, model.prices.cachedInput, ...tierValues(model.prices)],
      )) as Array<{ id: string }>;
      id = row.id;
    }
    if (!redeploy.has(model.name)) continue;
    await deleteServedDeployments(manager, id);
    for (const d of model.deployments) {
      await manager.query(
        `INSERT INTO deployments (model_id, provider_id, upstream_model, weight, priority, timeout_ms, rpm, tpm, input_price_per_1m, output_price_per_1m, cached_input_price_per_1m,
                                  ${TIER_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
        [id, (providers.get(d.provider) as { id: string }).id, d.model, d.weight, d.priority, d.timeoutMs, d.rpm, d.tpm, d.prices?.input ?? null, d.prices?.output ?? null, d.prices?.cachedInput ?? null, ...tierValues(d.prices)],
      );
    }
  }
  for (const name of diff.models.removed) await deleteServedDeployments(manager, modelIds.get(name) as string);
}

const TIER_COLUMNS =
  'cache_write_price_per_1m, cache_write_1h_price_per_1m, long_context_above_tokens, long_context_input_price_per_1m, long_context_output_price_per_1m, long_context_cached_input_price_per_1m, long_context_cache_write_price_per_1m, long_context_cache_write_1h_price_per_1m';

/** Values for TIER_COLUMNS, in order. */
function tierValues(prices: Prices | null | undefined): Array<number | null> {
  const tier = prices?.longContext ?? null;
  return [
    prices?.cacheWrite ?? null,
    prices?.cacheWrite1h ?? null,
    tier?.aboveTokens ?? null,
    tier?.input ?? null,
    tier?.output ?? null,
    tier?.cachedInput ?? null,
    tier?.cacheWrite ?? null,
    tier?.cacheWrite1h ?? null,
  ];
}

/** The deployments an export shows for a model: enabled ones on enabled providers. */
async function deleteServedDeployments(manager: EntityManager, modelId: string): Promise<void> {
  await manager.query('DELETE FROM deployments d USING providers p WHERE d.model_id = $1 AND p.id = d.provider_id AND d.enabled AND p.enabled', [modelId]);
}

async function applyPolicies(manager: EntityManager, stored: StoredConfig, desired: OrgConfig, diff: ConfigDiff, teamIds: Map<string, string>): Promise<void> {
  const want = desiredSlots(desired);
  const names = new Set(((await manager.query('SELECT name FROM policies WHERE org_id = $1', [stored.orgId])) as Array<{ name: string }>).map((r) => r.name));
  const split = (name: string) => {
    const at = name.lastIndexOf('/');
    return { scope: name.slice(0, at), kind: name.slice(at + 1) as PolicyKind };
  };
  const scopeOf = (scope: string) => (scope === 'org' ? { type: 'org', id: stored.orgId } : { type: 'team', id: teamIds.get(scope.slice('team:'.length)) as string });
  const createAndAttach = async (scope: string, kind: PolicyKind, spec: Record<string, unknown>) => {
    let name = `${scope} ${kind}`;
    for (let n = 2; names.has(name); n++) name = `${scope} ${kind} (${n})`;
    names.add(name);
    const [row] = (await manager.query(`INSERT INTO policies (org_id, kind, name, description, spec) VALUES ($1, $2, $3, 'Created by a config import.', $4) RETURNING id`, [stored.orgId, kind, name, JSON.stringify(spec)])) as Array<{ id: string }>;
    const target = scopeOf(scope);
    await manager.query('INSERT INTO policy_attachments (org_id, policy_id, kind, scope_type, scope_id) VALUES ($1, $2, $3, $4, $5)', [stored.orgId, row.id, kind, target.type, target.id]);
  };
  for (const name of diff.policies.removed) {
    const { scope, kind } = split(name);
    await manager.query('DELETE FROM policy_attachments WHERE id = $1', [stored.slots.get(scope)?.get(kind)?.attachmentId]);
  }
  for (const { name } of diff.policies.changed) {
    const { scope, kind } = split(name);
    const slot = stored.slots.get(scope)?.get(kind);
    const spec = want.get(scope)?.get(kind) as Record<string, unknown>;
    if (!slot) continue;
    if (slot.shared) {
      // Attached elsewhere too: leave it to the other scopes and give this one its own policy.
      await manager.query('DELETE FROM policy_attachments WHERE id = $1', [slot.attachmentId]);
      await createAndAttach(scope, kind, spec);
    } else {
      await manager.query('UPDATE policies SET spec = $2, version = version + 1, updated_at = now() WHERE id = $1', [slot.policyId, JSON.stringify(spec)]);
    }
  }
  for (const name of diff.policies.added) {
    const { scope, kind } = split(name);
    await createAndAttach(scope, kind, want.get(scope)?.get(kind) as Record<string, unknown>);
  }
}
