import { GUARDRAIL_PII_TYPES, policySpecSchemas, type GuardrailPiiType, type PolicyKind } from '@sluice/contracts';

/**
 * The policy editor's fields, as strings and booleans the way the form holds them. `specFromForm`
 * turns them into a spec and checks it with the schema the admin API and the gateway use
 * (`policySpecSchemas` from @sluice/contracts), so the form refuses exactly what the API would.
 */
export interface PolicyFormState {
  // rate_limit
  rpm: string;
  tpm: string;
  maxConcurrent: string;
  failMode: '' | 'open' | 'closed';
  /** One model per line: `gpt-4o: rpm=60 tpm=100000 maxConcurrent=5`. */
  perModel: string;
  // budget
  amountUsd: string;
  period: 'daily' | 'weekly' | 'monthly' | 'total';
  hard: boolean;
  /** Percentages, comma-separated: `50, 80, 100`. */
  alertThresholds: string;
  // cache
  cacheMode: 'off' | 'exact' | 'exact+semantic';
  ttlSeconds: string;
  embeddingModel: string;
  similarityThreshold: string;
  maxEntriesPerScope: string;
  // guardrail
  piiAction: 'off' | 'redact' | 'block';
  piiTypes: GuardrailPiiType[];
  /** One per line. */
  blockedTerms: string;
  blockedRegexes: string;
  blockedAction: 'block' | 'redact';
  maxPromptChars: string;
  injectionAction: 'off' | 'flag' | 'block';
  injectionThreshold: string;
  applyToRequest: boolean;
  applyToResponse: boolean;
  // logging
  storePrompts: boolean;
  storeResponses: boolean;
  retentionDays: string;
}

export const EMPTY_POLICY_FORM: PolicyFormState = {
  rpm: '',
  tpm: '',
  maxConcurrent: '',
  failMode: '',
  perModel: '',
  amountUsd: '',
  period: 'monthly',
  hard: true,
  alertThresholds: '50, 80, 100',
  cacheMode: 'exact',
  ttlSeconds: '3600',
  embeddingModel: '',
  similarityThreshold: '0.95',
  maxEntriesPerScope: '',
  piiAction: 'off',
  piiTypes: [...GUARDRAIL_PII_TYPES],
  blockedTerms: '',
  blockedRegexes: '',
  blockedAction: 'block',
  maxPromptChars: '',
  injectionAction: 'off',
  injectionThreshold: '0.5',
  applyToRequest: true,
  applyToResponse: false,
  storePrompts: false,
  storeResponses: false,
  retentionDays: '30',
};

/** Field errors keyed by the form field they belong to. */
export type PolicyFormErrors = Partial<Record<keyof PolicyFormState, string>>;

const blank = (s: string) => s.trim() === '';
/** A number field: empty is "not set"; anything else becomes a number (NaN if it is not one, which the schema refuses). */
const num = (s: string): number | undefined => (blank(s) ? undefined : Number(s.trim()));
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const LIMIT_KEYS = ['rpm', 'tpm', 'maxConcurrent'] as const;

/** Where an issue the form cannot place is shown. */
const PRIMARY_FIELD: Record<PolicyKind, keyof PolicyFormState> = { rate_limit: 'rpm', budget: 'amountUsd', cache: 'cacheMode', guardrail: 'piiAction', logging: 'retentionDays' };

function parsePerModel(text: string): { ok: true; value: Record<string, Record<string, number>> } | { ok: false; message: string } {
  const value: Record<string, Record<string, number>> = {};
  for (const [i, line] of lines(text).entries()) {
    const match = /^([^:\s][^:]*?)\s*:\s*(.+)$/.exec(line);
    if (!match) return { ok: false, message: `Line ${i + 1}: write "model: rpm=60 tpm=100000"` };
    const limits: Record<string, number> = {};
    for (const pair of match[2].split(/[\s,]+/).filter(Boolean)) {
      const [key, raw] = pair.split('=');
      if (!(LIMIT_KEYS as readonly string[]).includes(key) || raw === undefined) return { ok: false, message: `Line ${i + 1}: use rpm=, tpm= or maxConcurrent=` };
      limits[key] = Number(raw);
    }
    value[match[1]] = limits;
  }
  return { ok: true, value };
}

/** Which form field an issue at this spec path belongs to. */
function fieldOf(kind: PolicyKind, path: PropertyKey[]): keyof PolicyFormState | null {
  const [head, second] = path.map(String);
  switch (kind) {
    case 'rate_limit':
      return head === 'perModel' ? 'perModel' : head === 'failMode' ? 'failMode' : (LIMIT_KEYS as readonly string[]).includes(head) ? (head as keyof PolicyFormState) : null;
    case 'budget':
      return head === 'amountUsd' || head === 'period' || head === 'hard' ? head : head === 'alertThresholds' ? 'alertThresholds' : null;
    case 'cache':
      if (head === 'mode') return 'cacheMode';
      if (head === 'ttlSeconds') return 'ttlSeconds';
      if (head === 'semantic') return second === 'threshold' ? 'similarityThreshold' : second === 'maxEntriesPerScope' ? 'maxEntriesPerScope' : 'embeddingModel';
      return null;
    case 'guardrail':
      if (head === 'pii') return second === 'types' ? 'piiTypes' : 'piiAction';
      if (head === 'blockedTerms') return second === 'regexes' ? 'blockedRegexes' : second === 'action' ? 'blockedAction' : 'blockedTerms';
      if (head === 'maxPromptChars') return 'maxPromptChars';
      if (head === 'injection') return second === 'threshold' ? 'injectionThreshold' : 'injectionAction';
      if (head === 'applyTo') return 'applyToRequest';
      return null;
    case 'logging':
      return head === 'storePrompts' || head === 'storeResponses' || head === 'retentionDays' ? head : null;
  }
}

function candidateSpec(kind: PolicyKind, f: PolicyFormState): { spec: Record<string, unknown> } | { errors: PolicyFormErrors } {
  switch (kind) {
    case 'rate_limit': {
      const perModel = parsePerModel(f.perModel);
      if (!perModel.ok) return { errors: { perModel: perModel.message } };
      return { spec: { rpm: num(f.rpm), tpm: num(f.tpm), maxConcurrent: num(f.maxConcurrent), perModel: perModel.value, ...(f.failMode ? { failMode: f.failMode } : {}) } };
    }
    case 'budget':
      return {
        spec: {
          amountUsd: num(f.amountUsd),
          period: f.period,
          hard: f.hard,
          alertThresholds: f.alertThresholds
            .split(',')
            .map((s) => s.trim().replace(/%$/, ''))
            .filter(Boolean)
            .map((s) => Number(s) / 100),
        },
      };
    case 'cache':
      return {
        spec: {
          mode: f.cacheMode,
          ttlSeconds: num(f.ttlSeconds),
          ...(f.cacheMode === 'exact+semantic' || !blank(f.embeddingModel)
            ? { semantic: { embeddingModel: f.embeddingModel.trim(), threshold: num(f.similarityThreshold), maxEntriesPerScope: num(f.maxEntriesPerScope) } }
            : {}),
        },
      };
    case 'guardrail':
      return {
        spec: {
          pii: { action: f.piiAction, types: f.piiTypes },
          blockedTerms: { terms: lines(f.blockedTerms), regexes: lines(f.blockedRegexes), action: f.blockedAction },
          maxPromptChars: num(f.maxPromptChars),
          injection: { action: f.injectionAction, threshold: num(f.injectionThreshold) },
          applyTo: { request: f.applyToRequest, response: f.applyToResponse },
        },
      };
    case 'logging':
      return { spec: { storePrompts: f.storePrompts, storeResponses: f.storeResponses, retentionDays: num(f.retentionDays) } };
  }
}

/** The spec to send, or the mistakes per field (messages from the shared schema, prefixed where the path is inside a list). */
export function specFromForm(kind: PolicyKind, form: PolicyFormState): { ok: true; spec: Record<string, unknown> } | { ok: false; errors: PolicyFormErrors } {
  const candidate = candidateSpec(kind, form);
  if ('errors' in candidate) return { ok: false, errors: candidate.errors };
  const parsed = policySpecSchemas[kind].safeParse(candidate.spec);
  if (parsed.success) return { ok: true, spec: parsed.data as Record<string, unknown> };
  const errors: PolicyFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(kind, issue.path) ?? PRIMARY_FIELD[kind];
    const where =
      kind === 'rate_limit' && issue.path[0] === 'perModel'
        ? issue.path.slice(1).map(String).join(' ')
        : issue.path
            .filter((p): p is number => typeof p === 'number')
            .map((p) => `#${p + 1}`)
            .join(' ');
    errors[field] ??= where ? `${where}: ${issue.message}` : issue.message;
  }
  return { ok: false, errors };
}

const str = (v: unknown) => (typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The form fields for a stored spec (editing). */
export function formFromSpec(kind: PolicyKind, raw: Record<string, unknown>): PolicyFormState {
  const f: PolicyFormState = { ...EMPTY_POLICY_FORM, piiTypes: [...EMPTY_POLICY_FORM.piiTypes] };
  switch (kind) {
    case 'rate_limit': {
      f.rpm = str(raw.rpm);
      f.tpm = str(raw.tpm);
      f.maxConcurrent = str(raw.maxConcurrent);
      f.failMode = raw.failMode === 'open' || raw.failMode === 'closed' ? raw.failMode : '';
      f.perModel = Object.entries(obj(raw.perModel))
        .map(([model, limits]) => `${model}: ${Object.entries(obj(limits)).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`)
        .join('\n');
      return f;
    }
    case 'budget':
      f.amountUsd = str(raw.amountUsd);
      if (raw.period === 'daily' || raw.period === 'weekly' || raw.period === 'monthly' || raw.period === 'total') f.period = raw.period;
      f.hard = raw.hard !== false;
      if (Array.isArray(raw.alertThresholds)) f.alertThresholds = raw.alertThresholds.map((t) => String(Math.round(Number(t) * 1000) / 10)).join(', ');
      return f;
    case 'cache': {
      if (raw.mode === 'off' || raw.mode === 'exact' || raw.mode === 'exact+semantic') f.cacheMode = raw.mode;
      f.ttlSeconds = str(raw.ttlSeconds) || f.ttlSeconds;
      const semantic = obj(raw.semantic);
      f.embeddingModel = typeof semantic.embeddingModel === 'string' ? semantic.embeddingModel : '';
      f.similarityThreshold = str(semantic.threshold) || f.similarityThreshold;
      f.maxEntriesPerScope = str(semantic.maxEntriesPerScope);
      return f;
    }
    case 'guardrail': {
      const pii = obj(raw.pii);
      const blocked = obj(raw.blockedTerms);
      const injection = obj(raw.injection);
      const applyTo = obj(raw.applyTo);
      if (pii.action === 'off' || pii.action === 'redact' || pii.action === 'block') f.piiAction = pii.action;
      if (Array.isArray(pii.types)) f.piiTypes = pii.types.filter((t): t is GuardrailPiiType => (GUARDRAIL_PII_TYPES as readonly unknown[]).includes(t));
      f.blockedTerms = Array.isArray(blocked.terms) ? blocked.terms.join('\n') : '';
      f.blockedRegexes = Array.isArray(blocked.regexes) ? blocked.regexes.join('\n') : '';
      if (blocked.action === 'block' || blocked.action === 'redact') f.blockedAction = blocked.action;
      f.maxPromptChars = str(raw.maxPromptChars);
      if (injection.action === 'off' || injection.action === 'flag' || injection.action === 'block') f.injectionAction = injection.action;
      f.injectionThreshold = str(injection.threshold) || f.injectionThreshold;
      f.applyToRequest = applyTo.request !== false;
      f.applyToResponse = applyTo.response === true;
      return f;
    }
    case 'logging':
      f.storePrompts = raw.storePrompts === true;
      f.storeResponses = raw.storeResponses === true;
      f.retentionDays = str(raw.retentionDays) || f.retentionDays;
      return f;
  }
}

/** One line saying what a policy does, for the list. */
export function summarizeSpec(kind: PolicyKind, spec: Record<string, unknown>): string {
  const parts: string[] = [];
  switch (kind) {
    case 'rate_limit':
      for (const key of LIMIT_KEYS) if (typeof spec[key] === 'number') parts.push(`${key === 'maxConcurrent' ? 'concurrent' : key} ${String(spec[key])}`);
      if (Object.keys(obj(spec.perModel)).length) parts.push(`${Object.keys(obj(spec.perModel)).length} per-model`);
      if (spec.failMode) parts.push(`fail ${String(spec.failMode)}`);
      return parts.join(' · ') || 'No limits set';
    case 'budget':
      return `$${String(spec.amountUsd)} ${String(spec.period ?? 'monthly')}, ${spec.hard === false ? 'soft (alerts only)' : 'hard'}`;
    case 'cache':
      return `${String(spec.mode ?? 'off')}, TTL ${String(spec.ttlSeconds ?? 3600)} s`;
    case 'guardrail': {
      const pii = obj(spec.pii);
      const blocked = obj(spec.blockedTerms);
      const injection = obj(spec.injection);
      if (pii.action && pii.action !== 'off') parts.push(`PII ${String(pii.action)}`);
      const terms = (Array.isArray(blocked.terms) ? blocked.terms.length : 0) + (Array.isArray(blocked.regexes) ? blocked.regexes.length : 0);
      if (terms) parts.push(`${terms} blocked terms`);
      if (injection.action && injection.action !== 'off') parts.push(`injection ${String(injection.action)}`);
      if (typeof spec.maxPromptChars === 'number') parts.push(`max ${spec.maxPromptChars} chars`);
      return parts.join(' · ') || 'Nothing enforced';
    }
    case 'logging':
      return `${spec.storePrompts ? 'prompts' : 'no prompts'}, ${spec.storeResponses ? 'responses' : 'no responses'}, kept ${String(spec.retentionDays ?? 30)} days`;
  }
}
