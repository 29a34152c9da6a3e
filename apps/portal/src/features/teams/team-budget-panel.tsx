'use client';

import { useState, type FormEvent } from 'react';
import { Badge, Button, ErrorState, SelectField, Skeleton, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { formatDate } from '../../format/dates';
import { formatInteger, formatUsd } from '../../format/numbers';
import { attachmentSchema, effectivePoliciesSchema, policySchema, type EffectivePolicies } from './team-schemas';

const PERIODS = [
  { value: 'daily', label: 'Per day' },
  { value: 'weekly', label: 'Per week' },
  { value: 'monthly', label: 'Per month' },
  { value: 'total', label: 'In total' },
];

/** The budgets and limits the gateway applies to the team (its own and inherited), with live spend. */
export function TeamBudgetPanel({ teamId, teamName, canManage }: { teamId: string; teamName: string; canManage: boolean }) {
  const { state, reload } = useApiQuery(`effective:${teamId}`, (signal) =>
    apiRequest('/api/v1/policies/effective', { query: { scope: `team:${teamId}` }, schema: effectivePoliciesSchema, signal }),
  );

  return (
    <section aria-labelledby="budget-heading" className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5">
      <h2 id="budget-heading" className="text-base font-semibold text-fg">
        Budget and limits
      </h2>
      {state.status === 'loading' && <Skeleton className="h-16 w-full" />}
      {state.status === 'error' && <ErrorState layout="inline" title="Can’t load the team’s budget and limits" description={state.message} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <BudgetList policies={state.data} teamId={teamId} />
          <LimitsSummary policies={state.data} />
          {canManage && <SetBudgetForm teamId={teamId} teamName={teamName} current={state.data.budgets.find((b) => b.scopeType === 'team' && b.scopeId === teamId)} onSaved={reload} />}
        </>
      )}
    </section>
  );
}

function BudgetList({ policies, teamId }: { policies: EffectivePolicies; teamId: string }) {
  if (policies.budgets.length === 0) return <p className="text-sm text-fg-muted">No budget applies to this team: its spend is not capped.</p>;
  return (
    <ul className="flex flex-col gap-4">
      {policies.budgets.map((b) => {
        const used = b.spend.spentUsd / b.budget.amountUsd;
        return (
          <li key={b.policyId} className="flex flex-col gap-1.5" data-testid="team-budget">
            <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
              <span className="font-medium text-fg">
                {formatUsd(b.budget.amountUsd)} {PERIODS.find((p) => p.value === b.budget.period)?.label.toLowerCase()}{' '}
                <Badge tone={b.budget.hard ? 'danger' : 'neutral'}>{b.budget.hard ? 'Hard limit' : 'Alert only'}</Badge>{' '}
                {!(b.scopeType === 'team' && b.scopeId === teamId) && <Badge>Inherited from {b.scopeType}</Badge>}
              </span>
              <span className="text-fg-muted">
                {formatUsd(b.spend.spentUsd)} spent · {formatUsd(b.spend.remainingUsd)} left
                {b.spend.periodEndsAt ? ` · resets ${formatDate(b.spend.periodEndsAt)}` : ''}
              </span>
            </div>
            <progress
              className="h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-surface-muted [&::-webkit-progress-value]:bg-accent"
              max={1}
              value={Math.min(used, 1)}
              aria-label={`Budget used: ${Math.round(used * 100)}%`}
            />
          </li>
        );
      })}
    </ul>
  );
}

function LimitsSummary({ policies }: { policies: EffectivePolicies }) {
  const { rpm, tpm, maxConcurrent } = policies.rateLimits.merged;
  const parts = [rpm && `${formatInteger(rpm)} requests/min`, tpm && `${formatInteger(tpm)} tokens/min`, maxConcurrent && `${formatInteger(maxConcurrent)} concurrent`].filter(Boolean);
  return <p className="text-sm text-fg">Rate limits: {parts.length ? parts.join(' · ') : <span className="text-fg-muted">none</span>}</p>;
}

function SetBudgetForm({
  teamId,
  teamName,
  current,
  onSaved,
}: {
  teamId: string;
  teamName: string;
  current: EffectivePolicies['budgets'][number] | undefined;
  onSaved: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amountUsd = Number(form.get('amountUsd'));
    if (!Number.isFinite(amountUsd) || amountUsd <= 0) {
      setMessage({ tone: 'error', text: 'Enter an amount in US dollars greater than 0.' });
      return;
    }
    const spec = { amountUsd, period: String(form.get('period')), hard: form.get('hard') === 'on', alertThresholds: current?.budget.alertThresholds ?? [0.5, 0.8, 1] };
    setBusy(true);
    setMessage(null);
    try {
      if (current) {
        await apiRequest(`/api/v1/policies/${current.policyId}`, { method: 'PATCH', body: { spec }, schema: policySchema });
      } else {
        const policy = await apiRequest('/api/v1/policies', { method: 'POST', body: { kind: 'budget', name: `${teamName} budget`, spec }, schema: policySchema });
        await apiRequest(`/api/v1/policies/${policy.id}/attachments`, { method: 'POST', body: { scopeType: 'team', scopeId: teamId }, schema: attachmentSchema });
      }
      setMessage({ tone: 'ok', text: 'Budget saved. Gateways apply it within a second.' });
      onSaved();
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Team budget" className="flex flex-wrap items-end gap-3 border-t border-border pt-4">
      <TextField label="Budget (USD)" name="amountUsd" type="number" min="0.01" step="0.01" required defaultValue={current?.budget.amountUsd} className="w-36" />
      <SelectField label="Period" name="period" defaultValue={current?.budget.period ?? 'monthly'} options={PERIODS} />
      <label className="flex h-10 items-center gap-2 text-sm text-fg">
        <input type="checkbox" name="hard" defaultChecked={current?.budget.hard ?? true} className="size-4 accent-[var(--sl-accent)]" />
        Refuse calls over budget
      </label>
      <Button type="submit" loading={busy}>
        {current ? 'Update budget' : 'Set budget'}
      </Button>
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'w-full text-sm text-danger' : 'w-full text-sm text-success'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
