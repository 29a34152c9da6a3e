'use client';

import { useEffect, useState, type FormEvent } from 'react';
import { Button, EmptyState, ErrorState, SelectField, Skeleton, TextField } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { pageSchema } from '../../api/me-schema';
import { useApiQuery } from '../../api/use-api-query';
import { PageHeader } from '../../shell/page-header';
import { ExportJobList } from '../exports/export-job-list';
import { exportJobSchema, type ExportJob } from '../exports/export-schemas';
import { previousMonth, usageReportRequestOf } from './usage-report-request';

const POLL_MS = 2_000;
const DAYS_HINT_ID = 'usage-report-days-hint';
const GROUP_BY = [
  { value: 'team', label: 'Team' },
  { value: 'model', label: 'Model' },
  { value: 'team_model', label: 'Team and model' },
];
const PERIODS = [
  { value: 'month', label: 'Per month' },
  { value: 'day', label: 'Per day' },
];

/** What a report covers, from the job's stored filters. */
function describeReport(item: ExportJob): string {
  const { from, to, groupBy, period } = item.filters as { from?: string; to?: string; groupBy?: string; period?: string };
  if (!from || !to) return 'Usage report';
  const lastDay = new Date(Date.parse(to) - 86_400_000).toISOString().slice(0, 10);
  const by = GROUP_BY.find((g) => g.value === groupBy)?.label.toLowerCase() ?? groupBy;
  return `${from.slice(0, 10)} to ${lastDay} by ${by}, ${period === 'day' ? 'per day' : 'per month'}`;
}

/** Chargeback: CSV reports of requests, tokens and cost per team and/or model and period, written by the worker. */
export function UsageReportsPage() {
  const defaults = previousMonth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useApiQuery('usage-reports', (signal) => apiRequest('/api/v1/usage-reports', { query: { limit: 20 }, schema: pageSchema(exportJobSchema), signal }));
  const { state, reload } = list;
  const items = state.status === 'ready' ? state.data.items : [];
  const inProgress = items.some((e) => e.status === 'queued' || e.status === 'running');

  useEffect(() => {
    if (!inProgress) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [inProgress, state, reload]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = usageReportRequestOf({
      firstDay: String(form.get('firstDay') ?? ''),
      lastDay: String(form.get('lastDay') ?? ''),
      groupBy: String(form.get('groupBy') ?? ''),
      period: String(form.get('period') ?? ''),
    });
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiRequest('/api/v1/usage-reports', { method: 'POST', body: parsed.request, schema: exportJobSchema });
      reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Usage reports" description="Requests, tokens and cost per team or model and per day or month, as CSV for chargeback. Each file comes with a signed manifest." />
      <form onSubmit={submit} aria-label="New usage report" className="flex flex-wrap items-end gap-3 rounded-xl border border-border bg-surface p-5">
        <TextField label="First day" name="firstDay" type="date" required defaultValue={defaults.firstDay} aria-describedby={DAYS_HINT_ID} />
        <TextField label="Last day" name="lastDay" type="date" required defaultValue={defaults.lastDay} aria-describedby={DAYS_HINT_ID} />
        <SelectField label="Group by" name="groupBy" defaultValue="team" options={GROUP_BY} />
        <SelectField label="Rows" name="period" defaultValue="month" options={PERIODS} />
        <Button type="submit" loading={busy}>
          Create report
        </Button>
        {/* Under the row, not under one field: a field's own hint would push its box down out of line with the others. */}
        <p id={DAYS_HINT_ID} className="basis-full text-xs text-fg-muted">
          Both days are included; days are UTC.
        </p>
      </form>
      {error && <ErrorState layout="inline" title="The report was not created" description={error} />}
      <section aria-labelledby="reports-heading" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
        <h2 id="reports-heading" className="text-base font-semibold text-fg">
          Reports
        </h2>
        {state.status === 'loading' && <Skeleton className="h-16 w-full" />}
        {state.status === 'error' && <ErrorState layout="inline" title="Can’t list the reports" description={state.message} onRetry={reload} />}
        {state.status === 'ready' && items.length === 0 && <EmptyState title="No reports yet" description="Create one above; it appears here with its progress, then the CSV and its manifest to download." />}
        {items.length > 0 && (
          <ExportJobList items={items} basePath="/api/v1/usage-reports" filePrefix="usage-report" rowNoun="rows" label="Usage reports" testId="usage-report" describe={describeReport} onError={setError} />
        )}
      </section>
    </div>
  );
}
