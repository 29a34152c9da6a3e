import type { TimeSeriesPoint, TimeSeriesSeries } from '@sluice/ui';
import type { Timeseries } from './analytics-schemas';

/** Series as the admin API sends them (one list of points each) → one row per time for recharts. */
export function toChartData(timeseries: Timeseries): { data: TimeSeriesPoint[]; series: TimeSeriesSeries[] } {
  const series: TimeSeriesSeries[] = timeseries.series.map((s, index) => ({
    key: `s${index}`,
    label: s.kind === 'total' ? 'Total' : s.kind === 'other' ? 'Other' : (s.label ?? s.key ?? 'None'),
  }));
  const rows = new Map<string, TimeSeriesPoint>();
  timeseries.series.forEach((s, index) => {
    for (const point of s.points) {
      const row = rows.get(point.t) ?? { time: point.t };
      row[`s${index}`] = point.value ?? 0;
      rows.set(point.t, row);
    }
  });
  const data = [...rows.values()].sort((a, b) => a.time.localeCompare(b.time));
  // A range without a single non-zero value is shown as "no data" rather than as a flat line.
  const anyValue = data.some((row) => series.some((s) => Number(row[s.key]) !== 0));
  return { data: anyValue ? data : [], series };
}

/** Several one-series answers (e.g. p50, p95, p99) side by side as lines. */
export function mergeSingleSeries(parts: Array<{ key: string; label: string; timeseries: Timeseries }>): { data: TimeSeriesPoint[]; series: TimeSeriesSeries[] } {
  const rows = new Map<string, TimeSeriesPoint>();
  let anyValue = false;
  for (const part of parts) {
    for (const point of part.timeseries.series[0]?.points ?? []) {
      const row = rows.get(point.t) ?? { time: point.t };
      if (point.value !== null) {
        row[part.key] = point.value;
        anyValue = true;
      }
      rows.set(point.t, row);
    }
  }
  return { data: anyValue ? [...rows.values()].sort((a, b) => a.time.localeCompare(b.time)) : [], series: parts.map(({ key, label }) => ({ key, label })) };
}
