import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { PolicyKind } from '@sluice/contracts';
import type { ConfigModel, ConfigProvider, OrgConfig } from './org-config';
import { desiredSlots, type StoredConfig } from './stored-config';

const changeList = z.object({
  added: z.array(z.string()),
  changed: z.array(z.object({ name: z.string(), fields: z.array(z.string()) })),
  removed: z.array(z.string()),
});

export const configDiffSchema = z.object({
  providers: changeList.describe('Removed providers are disabled (their credentials are kept), not deleted.'),
  models: changeList.describe('A removed model loses its deployments; its catalog entry stays.'),
  teams: z.object({ added: z.array(z.string()) }).describe('Teams named by the file that do not exist yet are created; no team is ever deleted.'),
  policies: changeList.describe('Named `<scope>/<kind>`, e.g. `org/rate_limit` or `team:platform/budget`. Removed ones are detached, not deleted.'),
});
export type ConfigDiff = z.output<typeof configDiffSchema>;

/** Counts of the diff, for the audit event and the answer. */
export function diffSummary(diff: ConfigDiff): { added: number; changed: number; removed: number } {
  const parts = [diff.providers, diff.models, diff.policies];
  return {
    added: parts.reduce((n, p) => n + p.added.length, 0) + diff.teams.added.length,
    changed: parts.reduce((n, p) => n + p.changed.length, 0),
    removed: parts.reduce((n, p) => n + p.removed.length, 0),
  };
}

/** What importing `desired` would change in the stored config. Pure: nothing is written. */
export function diffConfig(stored: StoredConfig, desired: OrgConfig): ConfigDiff {
  return {
    providers: diffProviders(stored, desired.providers),
    models: diffModels(stored, desired.models),
    teams: { added: desired.teams.filter((t) => !stored.teams.has(t.name)).map((t) => t.name) },
    policies: diffPolicies(stored, desired),
  };
}

function diffProviders(stored: StoredConfig, desired: ConfigProvider[]): ConfigDiff['providers'] {
  const out: ConfigDiff['providers'] = { added: [], changed: [], removed: [] };
  for (const provider of desired) {
    const current = stored.providers.get(provider.name);
    if (!current) {
      out.added.push(provider.name);
      continue;
    }
    const fields = (['type', 'baseUrl', 'options'] as const).filter((f) => !isDeepStrictEqual(current.provider[f], provider[f])).map(String);
    if (!current.enabled) fields.push('enabled');
    if (fields.length) out.changed.push({ name: provider.name, fields });
  }
  const wanted = new Set(desired.map((p) => p.name));
  out.removed = stored.config.providers.filter((p) => !wanted.has(p.name)).map((p) => p.name);
  return out;
}

function diffModels(stored: StoredConfig, desired: ConfigModel[]): ConfigDiff['models'] {
  const out: ConfigDiff['models'] = { added: [], changed: [], removed: [] };
  const served = new Map(stored.config.models.map((m) => [m.name, m]));
  for (const model of desired) {
    const current = served.get(model.name);
    if (!current) {
      out.added.push(model.name);
      continue;
    }
    const fields = (['prices', 'deployments'] as const).filter((f) => !isDeepStrictEqual(current[f], model[f])).map(String);
    if (fields.length) out.changed.push({ name: model.name, fields });
  }
  const wanted = new Set(desired.map((m) => m.name));
  out.removed = stored.config.models.filter((m) => !wanted.has(m.name)).map((m) => m.name);
  return out;
}

function diffPolicies(stored: StoredConfig, desired: OrgConfig): ConfigDiff['policies'] {
  const out: ConfigDiff['policies'] = { added: [], changed: [], removed: [] };
  const want = desiredSlots(desired);
  const scopes = [...new Set([...want.keys(), ...stored.slots.keys()])].sort();
  for (const scope of scopes) {
    const wanted = want.get(scope) ?? new Map<PolicyKind, Record<string, unknown>>();
    const current = stored.slots.get(scope) ?? new Map();
    const kinds = [...new Set([...wanted.keys(), ...current.keys()])].sort();
    for (const kind of kinds) {
      const name = `${scope}/${kind}`;
      const spec = wanted.get(kind);
      const slot = current.get(kind);
      if (spec && !slot) out.added.push(name);
      else if (!spec && slot) out.removed.push(name);
      else if (spec && slot && !isDeepStrictEqual(canonical(spec), canonical(slot.spec))) out.changed.push({ name, fields: ['spec'] });
    }
  }
  return out;
}

/** JSON with sorted keys (jsonb does not keep key order). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  return value;
}

/** The diff for the audit trail: each list cut to `max` entries so one event stays far below the 64 KiB audit limit. */
export function auditableDiff(diff: ConfigDiff, max = 100): Record<string, unknown> {
  const cut = <T>(list: T[]) => (list.length > max ? { first: list.slice(0, max), total: list.length } : list);
  const lists = (c: ConfigDiff['providers']) => ({ added: cut(c.added), changed: cut(c.changed), removed: cut(c.removed) });
  return { providers: lists(diff.providers), models: lists(diff.models), teams: { added: cut(diff.teams.added) }, policies: lists(diff.policies) };
}
