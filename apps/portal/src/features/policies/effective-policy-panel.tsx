'use client';

import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { budgetSchema, cachePolicySchema, guardrailPolicySchema, limitPolicySchema, loggingPolicySchema, redisFailModeSchema } from '@sluice/contracts';
import { Button, ErrorState, SelectField, Skeleton, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { formatUsd } from '../../format/numbers';
import { SCOPE_TYPES, type ScopeType } from './policy-schemas';
import { summarizeSpec } from './policy-spec-form';
import { scopeLabel, type ScopeNames } from './policy-attachments-dialog';

const source = { scopeType: z.enum(SCOPE_TYPES), scopeId: z.string(), policyId: z.string(), policyName: z.string() };
const effectiveSchema = z.object({
  rateLimits: z.object({ merged: limitPolicySchema, failMode: redisFailModeSchema, sources: z.array(z.object(source)) }),
  budgets: z.array(z.object({ ...source, budget: budgetSchema, spend: z.object({ spentUsd: z.number(), remainingUsd: z.number(), periodEndsAt: z.string().nullable() }) })),
  cache: z.object({ ...source, policy: cachePolicySchema }).nullable(),
  guardrail: z.object({ ...source, policy: guardrailPolicySchema }).nullable(),
  logging: z.object({ ...source, policy: loggingPolicySchema }).nullable(),
});

/** What the gateway applies to requests of one scope: every limit and budget on the way, the most specific cache, guardrail and logging policy. */
export function EffectivePolicyPanel({ names }: { names: ScopeNames }) {
  const [choice, setChoice] = useState<string>(names.orgId ? `org:${names.orgId}` : '');
  const [scope, setScope] = useState<string>(choice);
  const [idError, setIdError] = useState<string | undefined>();
  /** `user:` and `key:` need an id typed in; the others are complete. */
  const needsId = choice === 'user:' || choice === 'key:';
  const choose = (value: string) => {
    setChoice(value);
    setIdError(undefined);
    if (value !== 'user:' && value !== 'key:') setScope(value);
  };
  const showForId = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get('scopeId') ?? '').trim();
    if (!z.uuid().safeParse(id).success) return setIdError(`Paste the ${choice === 'key:' ? 'API key' : 'user'} id (a UUID)`);
    setIdError(undefined);
    setScope(`${choice}${id}`);
  };
  const { state, reload } = useApiQuery(`effective:${scope}`, (signal) =>
    scope ? apiRequest('/api/v1/policies/effective', { query: { scope }, schema: effectiveSchema, signal }) : Promise.resolve(null),
  );
  const options = [
    ...(names.orgId ? [{ value: `org:${names.orgId}`, label: `Organization: ${names.orgName}` }] : []),
    ...names.teams.map((t) => ({ value: `team:${t.id}`, label: `Team: ${t.name}` })),
    { value: 'user:', label: 'A user (by id)…' },
    { value: 'key:', label: 'An API key (by id)…' },
  ];
  const showing = !needsId || scope.startsWith(choice);
  const from = (s: { scopeType: ScopeType; scopeId: string; policyName: string }) => `${s.policyName} (${scopeLabel(s.scopeType, s.scopeId, names)})`;

  return (
    <section aria-labelledby="effective-heading" className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="effective-heading" className="text-base font-semibold text-fg">
            Effective policy
          </h2>
          <p className="text-sm text-fg-muted">What the gateway applies to requests of a scope, from everything attached along the way.</p>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <SelectField label="Scope" value={choice} onChange={(e) => choose(e.currentTarget.value)} options={options} className="w-72" />
          {needsId && (
            <form aria-label="Scope id" onSubmit={showForId} noValidate className="flex items-end gap-2">
              <TextField key={choice} label={choice === 'key:' ? 'API key id' : 'User id'} name="scopeId" placeholder="00000000-0000-4000-8000-000000000000" error={idError} className="w-80" />
              <Button type="submit" variant="secondary">
                Show
              </Button>
            </form>
          )}
        </div>
      </div>
      {!showing && <p className="text-sm text-fg-muted">Enter the id and choose Show.</p>}
      {showing && state.status === 'loading' && <Skeleton className="h-24 w-full" />}
      {showing && state.status === 'error' && <ErrorState title="Can’t compute the effective policy" description={state.message} onRetry={reload} />}
      {showing && state.status === 'ready' && state.data && (
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="font-medium text-fg">Rate limits</dt>
            <dd className="text-fg-muted">
              {summarizeSpec('rate_limit', state.data.rateLimits.merged)}; Redis down: fail {state.data.rateLimits.failMode}
              {state.data.rateLimits.sources.length > 0 && <span className="block text-xs">from {state.data.rateLimits.sources.map(from).join(', ')}</span>}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-fg">Budgets</dt>
            <dd className="text-fg-muted">
              {state.data.budgets.length === 0
                ? 'None: spend is not capped'
                : state.data.budgets.map((b) => (
                    <span key={`${b.policyId}-${b.scopeId}`} className="block">
                      {summarizeSpec('budget', b.budget)}: {formatUsd(b.spend.spentUsd)} spent, {formatUsd(b.spend.remainingUsd)} left — {from(b)}
                    </span>
                  ))}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-fg">Caching</dt>
            <dd className="text-fg-muted">{state.data.cache ? `${summarizeSpec('cache', state.data.cache.policy)} — ${from(state.data.cache)}` : 'Off (no caching policy)'}</dd>
          </div>
          <div>
            <dt className="font-medium text-fg">Guardrails</dt>
            <dd className="text-fg-muted">{state.data.guardrail ? `${summarizeSpec('guardrail', state.data.guardrail.policy)} — ${from(state.data.guardrail)}` : 'None'}</dd>
          </div>
          <div>
            <dt className="font-medium text-fg">Logging</dt>
            <dd className="text-fg-muted">{state.data.logging ? `${summarizeSpec('logging', state.data.logging.policy)} — ${from(state.data.logging)}` : 'Metadata only, kept 30 days (no logging policy)'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
