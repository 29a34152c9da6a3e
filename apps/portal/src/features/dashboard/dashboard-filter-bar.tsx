'use client';

import { useState, type FormEvent } from 'react';
import { Button, SelectField, TextField } from '@sluice/ui';
import { useTeamChoices } from '../teams/use-team-choices';
import { RANGE_PRESETS, type DashboardFilters, type RangePresetId } from './dashboard-filters';

const toLocalInput = (iso?: string) => (iso ? new Date(Date.parse(iso) - new Date(iso).getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '');

/** Range and filters; applying them changes the URL, which the dashboard reads. */
export function DashboardFilterBar({ filters, onApply }: { filters: DashboardFilters; onApply: (next: DashboardFilters) => void }) {
  // Owners, admins and auditors read every team's traffic: they filter by any team, not only their own.
  const choices = useTeamChoices('teams:read-any');
  const teams = choices.state.status === 'ready' ? choices.state.data : [];
  const [range, setRange] = useState<RangePresetId>(filters.range);
  const [error, setError] = useState<string | null>(null);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const next: DashboardFilters = { ...filters, range, model: text('model'), provider: text('provider'), teamId: text('teamId'), from: undefined, to: undefined };
    if (range === 'custom') {
      const from = text('from');
      const to = text('to');
      if (!from || !to || Date.parse(from) >= Date.parse(to)) {
        setError('Choose a start before the end.');
        return;
      }
      next.from = new Date(from).toISOString();
      next.to = new Date(to).toISOString();
    }
    setError(null);
    onApply(next);
  };

  return (
    <form key={JSON.stringify(filters)} onSubmit={apply} aria-label="Dashboard filters" className="flex flex-wrap items-end gap-3 rounded-xl border border-border bg-surface p-4">
      <SelectField
        label="Time range"
        value={range}
        onChange={(e) => setRange(e.target.value as RangePresetId)}
        options={[...RANGE_PRESETS.map((p) => ({ value: p.id, label: p.label })), { value: 'custom', label: 'Custom…' }]}
      />
      {range === 'custom' && (
        <>
          <TextField label="From" name="from" type="datetime-local" required defaultValue={toLocalInput(filters.from)} error={error ?? undefined} />
          <TextField label="To" name="to" type="datetime-local" required defaultValue={toLocalInput(filters.to)} />
        </>
      )}
      {teams.length > 0 && (
        <SelectField label="Team" name="teamId" defaultValue={filters.teamId ?? ''} placeholder="All teams" options={teams.map((t) => ({ value: t.id, label: t.name }))} />
      )}
      <TextField label="Model" name="model" defaultValue={filters.model} placeholder="All models" className="w-44" />
      <TextField label="Provider" name="provider" defaultValue={filters.provider} placeholder="All providers" className="w-40" />
      <Button type="submit">Apply</Button>
    </form>
  );
}
