'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { Button, ErrorState, SelectField, Skeleton, StackedBarChart, TimeSeriesChart } from '@sluice/ui';
import { apiRequest } from '../../api/api-client';
import { useApiQuery } from '../../api/use-api-query';
import { formatCompact, formatMs, formatUsd } from '../../format/numbers';
import { PageHeader } from '../../shell/page-header';
import { breakdownSchema, summarySchema, timeseriesSchema, type Dimension } from './analytics-schemas';
import { BREAKDOWN_CSV_HEADER, BreakdownTable, breakdownCsvRow, DIMENSION_LABELS } from './breakdown-table';
import { mergeSingleSeries, toChartData } from './chart-data';
import { downloadText, toCsv } from './csv';
import { DashboardFilterBar } from './dashboard-filter-bar';
import { analyticsQuery, CHART_METRICS, filtersFromParams, paramsFromFilters, rangeLabel, type ChartMetric, type DashboardFilters } from './dashboard-filters';
import { SummaryCards } from './summary-cards';

const timeFormat = (grain: string) => {
  const format = new Intl.DateTimeFormat(undefined, grain === 'day' ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' });
  return (t: string) => format.format(new Date(t));
};
const metricFormat = (metric: ChartMetric) => (metric === 'cost' ? formatUsd : formatCompact);
const LATENCY = [
  { key: 'p50', label: 'p50', metric: 'latency_p50' },
  { key: 'p95', label: 'p95', metric: 'latency_p95' },
  { key: 'p99', label: 'p99', metric: 'latency_p99' },
] as const;

/** Usage of the gateway over a chosen range: totals, trends, and who and what drives them. */
export function DashboardPage({ extra }: { extra?: React.ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(search.toString())), [search]);
  const setFilters = useCallback((next: DashboardFilters) => router.replace(`${pathname}?${paramsFromFilters(next)}`, { scroll: false }), [router, pathname]);

  // The window is fixed when the filters change, so every panel shows the same range.
  const windowKey = JSON.stringify(filters);
  const query = useMemo(() => analyticsQuery(filters), [filters]);

  const summary = useApiQuery(windowKey, (signal) => apiRequest('/api/v1/analytics/summary', { query, schema: summarySchema, signal }).then((s) => s.totals));
  const usage = useApiQuery(`${windowKey}:usage`, (signal) =>
    apiRequest('/api/v1/analytics/timeseries', { query: { ...query, metric: filters.metric, groupBy: filters.groupBy, top: 5 }, schema: timeseriesSchema, signal }),
  );
  const latency = useApiQuery(`${windowKey}:latency`, (signal) =>
    Promise.all(LATENCY.map((l) => apiRequest('/api/v1/analytics/timeseries', { query: { ...query, metric: l.metric }, schema: timeseriesSchema, signal }))),
  );
  const breakdown = useApiQuery(`${windowKey}:breakdown`, (signal) =>
    apiRequest('/api/v1/analytics/breakdown', { query: { ...query, by: filters.breakdownBy, sort: 'cost', limit: 20 }, schema: breakdownSchema, signal }).then((b) => b.items),
  );

  const usageChart = usage.state.status === 'ready' ? toChartData(usage.state.data) : null;
  const metricLabel = CHART_METRICS.find((m) => m.id === filters.metric)?.label ?? 'Requests';
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');

  const downloadUsage = () => {
    if (usage.state.status !== 'ready' || !usageChart) return;
    const header = ['time', ...usageChart.series.map((s) => s.label)];
    const rows = usageChart.data.map((row) => [row.time, ...usageChart.series.map((s) => (row[s.key] as number | undefined) ?? null)]);
    downloadText(`sluice-${filters.metric}-by-${filters.groupBy}-${stamp}.csv`, toCsv(header, rows));
  };
  const downloadBreakdown = () => {
    if (breakdown.state.status !== 'ready') return;
    downloadText(`sluice-usage-by-${filters.breakdownBy}-${stamp}.csv`, toCsv(BREAKDOWN_CSV_HEADER, breakdown.state.data.map(breakdownCsvRow)));
  };

  return (
    <>
      <PageHeader title="Dashboard" description={`Traffic through your Sluice gateway · ${rangeLabel(filters)}`} />
      <DashboardFilterBar filters={filters} onApply={setFilters} />
      <SummaryCards state={summary.state} onRetry={summary.reload} />

      {usage.state.status === 'loading' && <ChartSkeleton label="Loading usage over time" />}
      {usage.state.status === 'error' && <ErrorState title="Can’t load usage over time" description={usage.state.message} onRetry={usage.reload} />}
      {usage.state.status === 'ready' && usageChart && (
        <StackedBarChart
          title={`${metricLabel} by ${DIMENSION_LABELS[filters.groupBy].toLowerCase()}`}
          description={`Top 5 and the rest as “Other”, per ${usage.state.data.grain}`}
          data={usageChart.data}
          series={usageChart.series}
          formatTime={timeFormat(usage.state.data.grain)}
          formatValue={metricFormat(filters.metric)}
          allowDecimals={filters.metric === 'cost'}
          actions={
            <>
              <SelectField label="Metric" value={filters.metric} onChange={(e) => setFilters({ ...filters, metric: e.target.value as ChartMetric })} options={CHART_METRICS.map((m) => ({ value: m.id, label: m.label }))} />
              <SelectField label="Split by" value={filters.groupBy} onChange={(e) => setFilters({ ...filters, groupBy: e.target.value as Dimension })} options={Object.entries(DIMENSION_LABELS).map(([value, label]) => ({ value, label }))} />
              <Button variant="secondary" size="sm" className="self-end" onClick={downloadUsage} disabled={usageChart.data.length === 0}>
                Download CSV
              </Button>
            </>
          }
        />
      )}

      {latency.state.status === 'loading' && <ChartSkeleton label="Loading latency" />}
      {latency.state.status === 'error' && <ErrorState title="Can’t load latency" description={latency.state.message} onRetry={latency.reload} />}
      {latency.state.status === 'ready' && (
        <LatencyChart parts={latency.state.data.map((timeseries, i) => ({ key: LATENCY[i].key, label: LATENCY[i].label, timeseries }))} />
      )}

      <BreakdownTable by={filters.breakdownBy} onByChange={(by) => setFilters({ ...filters, breakdownBy: by })} state={breakdown.state} onRetry={breakdown.reload} onDownload={downloadBreakdown} />
      {extra}
    </>
  );
}

function LatencyChart({ parts }: { parts: Parameters<typeof mergeSingleSeries>[0] }) {
  const { data, series } = mergeSingleSeries(parts);
  return (
    <TimeSeriesChart
      title="Latency"
      description={`p50, p95 and p99 per ${parts[0]?.timeseries.grain ?? 'bucket'}, from the gateway’s latency histograms`}
      data={data}
      series={series}
      formatTime={timeFormat(parts[0]?.timeseries.grain ?? 'hour')}
      formatValue={(v) => formatMs(v)}
    />
  );
}

function ChartSkeleton({ label }: { label: string }) {
  return (
    <div aria-busy="true" className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-5">
      <span className="sr-only">{label}</span>
      <Skeleton className="h-4 w-48" />
      <Skeleton className="h-64 w-full" />
    </div>
  );
}
