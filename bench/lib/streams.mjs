import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';
import { latencyOrigin } from './load.mjs';

/**
 * One streamed chat completion: resolves with the time to the first SSE event, the largest gap
 * between body chunks (the wait from the start to the first chunk counts as a gap: a stream queued
 * behind others is stalled too), and whether the stream ended with `data: [DONE]`.
 */
async function oneStream(pool, request, due) {
  const dueNs = latencyOrigin(due);
  let firstEventUs = null;
  let lastChunkNs = dueNs;
  let maxGapMs = 0;
  let tail = '';
  let completed = false;
  try {
    const res = await pool.request(request());
    for await (const chunk of res.body) {
      const now = process.hrtime.bigint();
      maxGapMs = Math.max(maxGapMs, Number(now - lastChunkNs) / 1e6);
      lastChunkNs = now;
      const text = tail + chunk.toString();
      if (firstEventUs === null && text.includes('data:')) firstEventUs = Number(now - dueNs) / 1000;
      if (text.includes('data: [DONE]')) completed = true;
      tail = text.slice(-16);
    }
    return { status: res.statusCode, firstEventUs, maxGapMs, completed };
  } catch (error) {
    return { status: 'network', error: error.message, firstEventUs, maxGapMs, completed };
  }
}

/** Streams at a constant rate; reports time-to-first-event percentiles. */
export async function streamsAtRate({ origin, request, rate, seconds }) {
  const pool = new Pool(origin, { connections: 512, pipelining: 1 });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const runs = [];
  const start = process.hrtime.bigint();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i += 1) {
    const due = start + BigInt(Math.round((i * 1e9) / rate));
    const waitMs = Number(due - process.hrtime.bigint()) / 1e6;
    if (waitMs >= 1) await new Promise((r) => setTimeout(r, waitMs));
    runs.push(oneStream(pool, request, due));
  }
  const results = await Promise.all(runs);
  let failed = 0;
  for (const r of results) {
    if (r.firstEventUs !== null) histogram.recordValue(Math.max(1, Math.round(r.firstEventUs)));
    if (!r.completed) failed += 1;
  }
  await pool.close();
  const ms = (p) => histogram.getValueAtPercentile(p) / 1000;
  return { streams: results.length, failed, ttftMs: { p50: ms(50), p95: ms(95), p99: ms(99) } };
}

/**
 * Opens `count` streams at once (ramped over `rampSeconds`) and waits for all of them. A stall is a
 * gap of more than `stallMs` between two body chunks, or a stream that did not end with [DONE].
 */
export async function concurrentStreams({ origin, request, count, rampSeconds, stallMs }) {
  const pool = new Pool(origin, { connections: count + 16, pipelining: 1 });
  const started = process.hrtime.bigint();
  const runs = [];
  for (let i = 0; i < count; i += 1) {
    runs.push(oneStream(pool, request, process.hrtime.bigint()));
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, (rampSeconds * 1000 * 100) / count));
  }
  const results = await Promise.all(runs);
  await pool.close();
  const stalls = results.filter((r) => !r.completed || r.maxGapMs > stallMs);
  return {
    streams: count,
    completed: results.filter((r) => r.completed).length,
    stalls: stalls.length,
    worstGapMs: Math.max(...results.map((r) => r.maxGapMs)),
    worstFirstEventMs: Math.max(...results.map((r) => (r.firstEventUs ?? 0) / 1000)),
    statuses: results.reduce((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
