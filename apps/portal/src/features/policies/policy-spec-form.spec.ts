import type { PolicyKind } from '@sluice/contracts';
import { EMPTY_POLICY_FORM, formFromSpec, specFromForm, summarizeSpec } from './policy-spec-form';

describe('policy spec form', () => {
  it.each<[PolicyKind, Record<string, unknown>]>([
    ['rate_limit', { rpm: 60, tpm: 1000, perModel: { 'gpt-4o': { rpm: 10 } } }],
    ['budget', { amountUsd: 250, period: 'weekly', hard: false, alertThresholds: [0.5, 0.9] }],
    ['cache', { mode: 'exact+semantic', ttlSeconds: 600, semantic: { embeddingModel: 'text-embedding-3-small', threshold: 0.9 } }],
    ['guardrail', { pii: { action: 'redact', types: ['email', 'phone'] }, blockedTerms: { terms: ['project x'], regexes: ['a{1,3}b'], action: 'block' }, maxPromptChars: 5000, injection: { action: 'flag', threshold: 0.7 }, applyTo: { request: true, response: true } }],
    ['logging', { storePrompts: true, storeResponses: false, retentionDays: 7 }],
  ])('a stored %s spec survives the form unchanged', (kind, spec) => {
    const result = specFromForm(kind, formFromSpec(kind, spec));
    expect(result).toEqual({ ok: true, spec: expect.objectContaining(spec) });
  });

  it('explains a per-model line it cannot read', () => {
    expect(specFromForm('rate_limit', { ...EMPTY_POLICY_FORM, perModel: 'gpt-4o rpm 60' })).toEqual({ ok: false, errors: { perModel: 'Line 1: write "model: rpm=60 tpm=100000"' } });
    expect(specFromForm('rate_limit', { ...EMPTY_POLICY_FORM, perModel: 'gpt-4o: rpm=-1' })).toMatchObject({ ok: false, errors: { perModel: expect.stringContaining('gpt-4o rpm') } });
  });

  it('asks for an embedding model for semantic caching', () => {
    expect(specFromForm('cache', { ...EMPTY_POLICY_FORM, cacheMode: 'exact+semantic' })).toMatchObject({ ok: false, errors: { embeddingModel: expect.any(String) } });
  });

  it('summarizes what a policy enforces', () => {
    expect(summarizeSpec('budget', { amountUsd: 100, period: 'monthly', hard: true })).toBe('$100 monthly, hard');
    expect(summarizeSpec('rate_limit', { rpm: 60, maxConcurrent: 2, perModel: {} })).toBe('rpm 60 · concurrent 2');
    expect(summarizeSpec('logging', { storePrompts: false, storeResponses: true, retentionDays: 14 })).toBe('no prompts, responses, kept 14 days');
  });
});
