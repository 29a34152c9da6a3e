import { Problem } from '../errors/problem';
import { autoGrain, bucketStarts, resolveRange, totalsGrain, totalsSegments } from './analytics-range';
import { emptyAggregate, metricValue, rankingValue } from './rollup-aggregate';
import { latencyBucketOf } from '@sluice/contracts';

const HOUR = 3_600_000;

describe('analytics ranges', () => {
  it('chooses the series grain from the range length', () => {
    expect(autoGrain(6 * HOUR)).toBe('minute');
    expect(autoGrain(6 * HOUR + 1)).toBe('hour');
    expect(autoGrain(14 * 24 * HOUR)).toBe('hour');
    expect(autoGrain(15 * 24 * HOUR)).toBe('day');
  });

  it('uses the coarsest grain both ends fall on for totals', () => {
    expect(totalsGrain(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-03T00:00:00Z'))).toBe('day');
    expect(totalsGrain(new Date('2026-11-01T05:00:00Z'), new Date('2026-11-03T00:00:00Z'))).toBe('hour');
    expect(totalsGrain(new Date('2026-11-01T05:07:00Z'), new Date('2026-11-01T06:00:00Z'))).toBe('minute');
  });

  it('defaults to the last 24 hours and widens from to the start of its bucket', () => {
    const now = new Date('2026-11-25T10:30:15Z');
    const range = resolveRange({}, { now });
    expect(range).toEqual({ from: new Date('2026-11-24T10:00:00Z'), to: now, grain: 'hour' });
    expect(bucketStarts(range)).toHaveLength(25);
  });

  it('reads totals from whole days, then whole hours, then the range grain, covering exactly the same buckets', () => {
    const seg = (grain: string, from: string, to: string) => ({ grain, from: new Date(from), to: new Date(to) });
    // 7 days to "now" at hour grain: the partial days at both ends by the hour, five whole days by the day.
    const week = resolveRange({ from: '2026-11-18T10:30:00Z', to: '2026-11-25T10:30:15Z' }, { forTotals: true });
    expect(week.grain).toBe('hour');
    expect(totalsSegments(week)).toEqual([
      seg('hour', '2026-11-18T10:00:00Z', '2026-11-19T00:00:00Z'),
      seg('day', '2026-11-19T00:00:00Z', '2026-11-25T00:00:00Z'),
      seg('hour', '2026-11-25T00:00:00Z', '2026-11-25T11:00:00Z'),
    ]);
    // Minute grain: whole hours in the middle, minutes at the edges.
    const hours = resolveRange({ from: '2026-11-25T05:07:00Z', to: '2026-11-25T08:30:10Z' }, { forTotals: true });
    expect(totalsSegments(hours)).toEqual([
      seg('minute', '2026-11-25T05:07:00Z', '2026-11-25T06:00:00Z'),
      seg('hour', '2026-11-25T06:00:00Z', '2026-11-25T08:00:00Z'),
      seg('minute', '2026-11-25T08:00:00Z', '2026-11-25T08:31:00Z'),
    ]);
    // Too short for a coarser bucket, or already at day grain: one segment.
    expect(totalsSegments(resolveRange({ from: '2026-11-25T05:07:00Z', to: '2026-11-25T05:30:00Z' }, { forTotals: true }))).toEqual([seg('minute', '2026-11-25T05:07:00Z', '2026-11-25T05:30:00Z')]);
    expect(totalsSegments(resolveRange({ from: '2026-11-01T00:00:00Z', to: '2026-11-03T00:00:00Z' }, { forTotals: true }))).toEqual([seg('day', '2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z')]);
  });

  it('refuses inverted ranges, ranges over 400 days and series with too many points', () => {
    expect(() => resolveRange({ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' })).toThrow(Problem);
    expect(() => resolveRange({ from: '2024-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z' })).toThrow(Problem);
    expect(() => resolveRange({ from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', grain: 'minute' })).toThrow(/coarser grain/);
    expect(resolveRange({ from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', grain: 'minute' }, { forTotals: true }).grain).toBe('minute');
  });
});

describe('rollup aggregates', () => {
  it('computes rates and percentiles, null when there are no requests', () => {
    const empty = emptyAggregate();
    expect(metricValue(empty, 'error_rate')).toBeNull();
    expect(metricValue(empty, 'latency_p95')).toBeNull();
    expect(metricValue(empty, 'requests')).toBe(0);
    const a = { ...emptyAggregate(), requests: 4, errors: 1, cacheHits: 2, promptTokens: 10, completionTokens: 5 };
    a.latency[latencyBucketOf(100)] = 4;
    expect(metricValue(a, 'error_rate')).toBe(0.25);
    expect(metricValue(a, 'cache_hit_rate')).toBe(0.5);
    expect(metricValue(a, 'tokens')).toBe(15);
    const p50 = metricValue(a, 'latency_p50') as number;
    expect(p50 / 100).toBeGreaterThan(0.8);
    expect(p50 / 100).toBeLessThan(1.25);
    expect(rankingValue(a, 'latency_p99')).toBe(4);
    expect(rankingValue(a, 'tokens')).toBe(15);
  });
});
