import type { Dimension } from './analytics-schemas';
import { DIMENSIONS } from './analytics-schemas';

export const RANGE_PRESETS = [
  { id: '1h', label: 'Last hour', ms: 3600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
  { id: '90d', label: 'Last 90 days', ms: 90 * 24 * 3600_000 },
] as const;
export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'] | 'custom';

export const CHART_METRICS = [
  { id: 'requests', label: 'Requests' },
  { id: 'tokens', label: 'Tokens' },
  { id: 'cost', label: 'Cost (USD)' },
  { id: 'errors', label: 'Errors' },
  { id: 'cache_hits', label: 'Cache hits' },
] as const;
export type ChartMetric = (typeof CHART_METRICS)[number]['id'];

/** Everything the dashboard shows is decided by these, and they all live in the URL. */
export interface DashboardFilters {
  range: RangePresetId;
  /** ISO instants; set for `custom`, else computed from the preset when loading. */
  from?: string;
  to?: string;
  model?: string;
  provider?: string;
  teamId?: string;
  metric: ChartMetric;
  groupBy: Dimension;
  breakdownBy: Dimension;
}

const isDimension = (v: string | null): v is Dimension => v !== null && (DIMENSIONS as readonly string[]).includes(v);
const isIso = (v: string | null): v is string => v !== null && !Number.isNaN(Date.parse(v));

export function filtersFromParams(params: URLSearchParams): DashboardFilters {
  const range = params.get('range');
  const from = params.get('from');
  const to = params.get('to');
  const custom = range === 'custom' && isIso(from) && isIso(to) && Date.parse(from) < Date.parse(to);
  const metric = params.get('metric');
  const filters: DashboardFilters = {
    range: custom ? 'custom' : (RANGE_PRESETS.find((p) => p.id === range)?.id ?? '24h'),
    metric: CHART_METRICS.find((m) => m.id === metric)?.id ?? 'requests',
    groupBy: isDimension(params.get('groupBy')) ? (params.get('groupBy') as Dimension) : 'model',
    breakdownBy: isDimension(params.get('breakdownBy')) ? (params.get('breakdownBy') as Dimension) : 'model',
  };
  if (custom) Object.assign(filters, { from, to });
  for (const key of ['model', 'provider', 'teamId'] as const) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

export function paramsFromFilters(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams();
  params.set('range', filters.range);
  if (filters.range === 'custom' && filters.from && filters.to) {
    params.set('from', filters.from);
    params.set('to', filters.to);
  }
  for (const key of ['model', 'provider', 'teamId'] as const) if (filters[key]) params.set(key, filters[key]);
  params.set('metric', filters.metric);
  params.set('groupBy', filters.groupBy);
  params.set('breakdownBy', filters.breakdownBy);
  return params;
}

/** The query every analytics call takes: the time window and the filters. */
export function analyticsQuery(filters: DashboardFilters, now = Date.now()): Record<string, string | undefined> {
  const preset = RANGE_PRESETS.find((p) => p.id === filters.range);
  const to = filters.range === 'custom' && filters.to ? filters.to : new Date(now).toISOString();
  const from = filters.range === 'custom' && filters.from ? filters.from : new Date(Date.parse(to) - (preset?.ms ?? 24 * 3600_000)).toISOString();
  return { from, to, model: filters.model, provider: filters.provider, teamId: filters.teamId };
}

export function rangeLabel(filters: DashboardFilters): string {
  if (filters.range === 'custom' && filters.from && filters.to) return `${new Date(filters.from).toLocaleString()} – ${new Date(filters.to).toLocaleString()}`;
  return RANGE_PRESETS.find((p) => p.id === filters.range)?.label ?? 'Last 24 hours';
}
