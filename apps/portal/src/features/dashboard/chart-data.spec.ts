import { mergeSingleSeries, toChartData } from './chart-data';

const base = { from: '2026-03-01T00:00:00Z', to: '2026-03-01T02:00:00Z', grain: 'hour' as const, metric: 'requests', groupBy: 'model' as const };

describe('toChartData', () => {
  it('pivots grouped series into one row per bucket, naming top groups and "Other"', () => {
    const { data, series } = toChartData({
      ...base,
      series: [
        { kind: 'group', key: 'gpt-4o-mini', label: 'gpt-4o-mini', points: [{ t: '2026-03-01T00:00:00Z', value: 3 }, { t: '2026-03-01T01:00:00Z', value: 1 }] },
        { kind: 'other', key: null, label: null, points: [{ t: '2026-03-01T00:00:00Z', value: 2 }, { t: '2026-03-01T01:00:00Z', value: null }] },
      ],
    });
    expect(series).toEqual([{ key: 's0', label: 'gpt-4o-mini' }, { key: 's1', label: 'Other' }]);
    expect(data).toEqual([
      { time: '2026-03-01T00:00:00Z', s0: 3, s1: 2 },
      { time: '2026-03-01T01:00:00Z', s0: 1, s1: 0 },
    ]);
  });

  it('reports no data for a range of zeros', () => {
    expect(toChartData({ ...base, series: [{ kind: 'total', key: null, label: null, points: [{ t: '2026-03-01T00:00:00Z', value: 0 }] }] }).data).toEqual([]);
  });
});

describe('mergeSingleSeries', () => {
  it('puts p50/p95/p99 side by side and leaves gaps where a bucket had no requests', () => {
    const ts = (values: Array<number | null>) => ({ ...base, metric: 'latency', groupBy: null, series: [{ kind: 'total' as const, key: null, label: null, points: values.map((value, i) => ({ t: `2026-03-01T0${i}:00:00Z`, value })) }] });
    const { data, series } = mergeSingleSeries([
      { key: 'p50', label: 'p50', timeseries: ts([100, null]) },
      { key: 'p95', label: 'p95', timeseries: ts([300, null]) },
    ]);
    expect(series.map((s) => s.key)).toEqual(['p50', 'p95']);
    expect(data).toEqual([{ time: '2026-03-01T00:00:00Z', p50: 100, p95: 300 }, { time: '2026-03-01T01:00:00Z' }]);
  });
});
