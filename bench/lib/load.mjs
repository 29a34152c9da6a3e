import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

/**
 * Load generation with microsecond latency resolution (autocannon records whole milliseconds,
 * too coarse for sub-millisecond overhead targets).
 *
 * `constantRate` is open-loop like wrk2: request i is due at start + i/rate and its latency is
 * measured from when it was due, so a stalled server cannot hide queueing (no coordinated omission).
 * Timers fire at millisecond granularity, so a request can go out before it is due: its latency then
 * counts from when it was actually sent (counting from the later due time would understate it).
 * `closedLoop` keeps `concurrency` requests in flight for maximum throughput.
 */

function newHistogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

function summarise(histogram, { sent, ok, errors, statuses, seconds }) {
  const us = (p) => histogram.getValueAtPercentile(p) / 1000;
  return {
    requests: sent,
    ok,
    errors,
    errorRate: sent ? errors / sent : 0,
    statuses,
    achievedRps: ok / seconds,
    seconds,
    latencyMs: { p50: us(50), p95: us(95), p99: us(99), max: histogram.maxValue / 1000 },
  };
}

/**
 * Where a request's latency counts from: when it was due, or when it was actually sent if a timer sent
 * it early (counting from the later due time would understate it). Call it as the request goes out.
 */
export function latencyOrigin(dueNs) {
  const sentNs = process.hrtime.bigint();
  return dueNs > sentNs ? sentNs : dueNs;
}

async function send(pool, request, histogram, counters, dueNs) {
  const startedNs = latencyOrigin(dueNs);
  counters.sent += 1;
  try {
    const res = await pool.request(request());
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.length;
    counters.statuses[res.statusCode] = (counters.statuses[res.statusCode] ?? 0) + 1;
    if (res.statusCode >= 200 && res.statusCode < 300 && bytes > 0) counters.ok += 1;
    else counters.errors += 1;
  } catch {
    counters.errors += 1;
    counters.statuses.network = (counters.statuses.network ?? 0) + 1;
  }
  histogram.recordValue(Math.max(1, Math.round(Number(process.hrtime.bigint() - startedNs) / 1000)));
}

/**
 * `request()` returns undici request options ({ path, method, headers, body }) for each request.
 * With `keepHistogram` the result also carries its latency histogram, for `pooledResult`. With `pool`
 * (from `connectionPool`) the run reuses its open connections, e.g. those a warm-up opened, and leaves
 * it open.
 */
export async function constantRate({ origin, request, rate, seconds, connections = 64, keepHistogram = false, pool: shared = null }) {
  const pool = shared ?? connectionPool(origin, connections);
  const histogram = newHistogram();
  const counters = { sent: 0, ok: 0, errors: 0, statuses: {} };
  const total = Math.round(rate * seconds);
  const start = process.hrtime.bigint();
  const inflight = new Set();
  for (let i = 0; i < total; i += 1) {
    const due = start + BigInt(Math.round((i * 1e9) / rate));
    const now = process.hrtime.bigint();
    if (due > now) {
      const waitMs = Number(due - now) / 1e6;
      if (waitMs >= 1) await new Promise((r) => setTimeout(r, waitMs));
    }
    const p = send(pool, request, histogram, counters, due);
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await Promise.all(inflight);
  const result = summarise(histogram, { ...counters, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
  if (!shared) await pool.close();
  if (keepHistogram) return { ...result, histogram };
  histogram.destroy?.();
  return result;
}

/** Keep-alive connections to `origin` for fixed-rate runs (close it when done). */
export function connectionPool(origin, connections = 64) {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
}

/**
 * One result from several `constantRate({ keepHistogram: true })` runs of the same target: their latency
 * histograms merged (percentiles over every request of every run), counts and durations summed.
 */
export function pooledResult(runs) {
  const histogram = newHistogram();
  const counters = { sent: 0, ok: 0, errors: 0, statuses: {}, seconds: 0 };
  for (const run of runs) {
    histogram.add(run.histogram);
    counters.sent += run.requests;
    counters.ok += run.ok;
    counters.errors += run.errors;
    counters.seconds += run.seconds;
    for (const [status, n] of Object.entries(run.statuses)) counters.statuses[status] = (counters.statuses[status] ?? 0) + n;
  }
  const result = summarise(histogram, counters);
  histogram.destroy?.();
  return result;
}

/** Keeps `concurrency` requests in flight for `seconds`; latency measured per request. */
export async function closedLoop({ origin, request, concurrency, seconds }) {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const histogram = newHistogram();
  const counters = { sent: 0, ok: 0, errors: 0, statuses: {} };
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (process.hrtime.bigint() < end) await send(pool, request, histogram, counters, process.hrtime.bigint());
    }),
  );
  const result = summarise(histogram, { ...counters, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
  await pool.close();
  return result;
}
