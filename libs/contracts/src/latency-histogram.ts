/**
 * Fixed log-scale latency histogram (the layout of `usage_rollups.latency_buckets`, written by the
 * worker and read by the admin API's analytics) shared by every usage_rollups row, so histograms of any set of
 * rollups can be merged by adding counts. 62 buckets:
 *   [0]        latency < 1 ms
 *   [i], 1..60 1.25^(i-1) ms ≤ latency < 1.25^i ms   (1 ms … ≈ 652 s, each bucket 25% wider than the last)
 *   [61]       latency ≥ 1.25^60 ms (≈ 652 s; beyond the 600 s the gateway allows)
 * Percentiles read from it are exact to within one bucket, i.e. within 25% of the true value.
 */
export const HISTOGRAM_GROWTH = 1.25;
export const HISTOGRAM_BUCKETS = 62;
const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);

export function emptyHistogram(): number[] {
  return new Array<number>(HISTOGRAM_BUCKETS).fill(0);
}

export function latencyBucketOf(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  return Math.min(HISTOGRAM_BUCKETS - 1, 1 + Math.floor(Math.log(latencyMs) / LOG_GROWTH));
}

/** [lower, upper) of a bucket in ms; the last bucket's upper bound is Infinity. */
export function bucketBounds(bucket: number): [number, number] {
  if (bucket <= 0) return [0, 1];
  if (bucket >= HISTOGRAM_BUCKETS - 1) return [HISTOGRAM_GROWTH ** (HISTOGRAM_BUCKETS - 2), Infinity];
  return [HISTOGRAM_GROWTH ** (bucket - 1), HISTOGRAM_GROWTH ** bucket];
}

export function mergeHistograms(histograms: Iterable<readonly number[]>): number[] {
  const merged = emptyHistogram();
  for (const h of histograms) {
    if (h.length !== HISTOGRAM_BUCKETS) throw new RangeError(`histogram must have ${HISTOGRAM_BUCKETS} buckets, got ${h.length}`);
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) merged[i] += h[i];
  }
  return merged;
}

/**
 * The q-quantile (0 < q ≤ 1, nearest rank) of a histogram, as the geometric middle of the bucket
 * holding that rank (the lower bound for the open-ended last bucket). null when the histogram is empty.
 */
export function histogramPercentile(histogram: readonly number[], q: number): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`q must be in (0, 1], got ${q}`);
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= rank) {
      const [lower, upper] = bucketBounds(i);
      if (i === 0) return 0.5;
      return Number.isFinite(upper) ? Math.sqrt(lower * upper) : lower;
    }
  }
  return null;
}

export interface LatencyPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function latencyPercentiles(histograms: Iterable<readonly number[]>): LatencyPercentiles {
  const merged = mergeHistograms(histograms);
  return { p50: histogramPercentile(merged, 0.5), p95: histogramPercentile(merged, 0.95), p99: histogramPercentile(merged, 0.99) };
}
