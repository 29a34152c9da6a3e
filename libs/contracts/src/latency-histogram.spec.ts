import { bucketBounds, emptyHistogram, HISTOGRAM_BUCKETS, histogramPercentile, latencyBucketOf, latencyPercentiles, mergeHistograms } from './latency-histogram';

/** Nearest-rank percentile of raw values. */
function exactPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1];
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('latency histogram', () => {
  it('has 62 fixed buckets: < 1 ms, 1.25× steps from 1 ms, and an overflow bucket past ≈ 652 s', () => {
    expect(latencyBucketOf(0)).toBe(0);
    expect(latencyBucketOf(0.99)).toBe(0);
    expect(latencyBucketOf(1)).toBe(1);
    expect(latencyBucketOf(1.24)).toBe(1);
    expect(latencyBucketOf(1.26)).toBe(2);
    expect(latencyBucketOf(600_000)).toBe(60);
    expect(latencyBucketOf(10_000_000)).toBe(HISTOGRAM_BUCKETS - 1);
    for (const ms of [0.5, 3, 42, 999, 12_345, 599_999]) {
      const [lower, upper] = bucketBounds(latencyBucketOf(ms));
      expect(ms).toBeGreaterThanOrEqual(lower);
      expect(ms).toBeLessThan(upper);
    }
  });

  it('p50/p95/p99 of merged histograms are within one bucket of the exact percentiles of the raw values', () => {
    const next = random(7);
    const parts: number[][] = [[], [], []];
    // Three populations (fast, typical, slow tail), split over several histograms that are then merged.
    for (let i = 0; i < 30_000; i++) {
      const u = next();
      const ms = u < 0.6 ? 5 + next() * 40 : u < 0.97 ? 200 * Math.exp(next() * 2) : 5_000 + next() * 100_000;
      parts[i % 3].push(ms);
    }
    const histograms = parts.map((values) => {
      const h = emptyHistogram();
      for (const v of values) h[latencyBucketOf(v)] += 1;
      return h;
    });
    const all = parts.flat();
    const estimated = latencyPercentiles(histograms);
    for (const [q, value] of [[0.5, estimated.p50], [0.95, estimated.p95], [0.99, estimated.p99]] as const) {
      const exact = exactPercentile(all, q);
      expect(value).not.toBeNull();
      expect(Math.abs(latencyBucketOf(value as number) - latencyBucketOf(exact))).toBeLessThanOrEqual(1);
      expect((value as number) / exact).toBeGreaterThan(1 / 1.25);
      expect((value as number) / exact).toBeLessThan(1.25);
    }
  });

  it('merges by adding counts and refuses foreign shapes; an empty histogram has no percentile', () => {
    const a = emptyHistogram();
    a[3] = 2;
    const b = emptyHistogram();
    b[3] = 1;
    b[10] = 4;
    const merged = mergeHistograms([a, b]);
    expect(merged[3]).toBe(3);
    expect(merged[10]).toBe(4);
    expect(() => mergeHistograms([[1, 2, 3]])).toThrow(RangeError);
    expect(histogramPercentile(emptyHistogram(), 0.5)).toBeNull();
  });
});
