import { closedLoop, connectionPool, constantRate, pooledResult } from '../lib/load.mjs';
import { resourceMeter } from '../lib/processes.mjs';
import { chatRequest, directTarget, startMockUpstream, startPortkeyGateway, startSluiceGateway } from '../lib/targets.mjs';

const TARGETS = [
  { name: 'direct', start: async (mock) => directTarget(mock) },
  { name: 'sluice-proxy', start: (mock) => startSluiceGateway(mock.url, { governed: false }) },
  { name: 'sluice-governed', start: (mock) => startSluiceGateway(mock.url, { governed: true }) },
  { name: 'portkey', start: (mock) => startPortkeyGateway(mock.url) },
];

async function measure(target, run) {
  const gcBefore = target.gcPauseSeconds ? await target.gcPauseSeconds() : null;
  const meter = resourceMeter(target.pid);
  const result = await run();
  const usage = meter.stop();
  const gcAfter = gcBefore ? await target.gcPauseSeconds() : null;
  return { ...result, ...usage, gcPauseSeconds: gcBefore && gcAfter ? gcAfter - gcBefore : null };
}

/**
 * Fixed-rate latency of every target, interleaved: `rounds` rounds of `seconds / rounds` each, the
 * order rotating, every target's requests pooled into one histogram; each round starts with an
 * unrecorded warm-up (the target sat idle while the others were measured). Added latency is a difference
 * of two targets' percentiles, so the machine's drift (a quiet VM's p50 moved by 0.2 ms from one run
 * to the next) must fall on all of them alike, not on whichever ran last.
 */
async function interleavedFixedRate(targets, { rate, seconds, rounds, roundWarmupSeconds }) {
  const runs = new Map(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
    for (const target of order) {
      const { pool, request } = target;
      if (roundWarmupSeconds > 0) await constantRate({ origin: target.process.url, pool, request, rate, seconds: roundWarmupSeconds });
      const run = await measure(target.process, () => constantRate({ origin: target.process.url, pool, request, rate, seconds: seconds / rounds, keepHistogram: true }));
      runs.get(target.name).push(run);
    }
  }
  return targets.map((target) => {
    const targetRuns = runs.get(target.name);
    const pooled = pooledResult(targetRuns);
    for (const run of targetRuns) run.histogram.destroy?.();
    const time = targetRuns.reduce((sum, run) => sum + run.seconds, 0);
    return {
      name: target.name,
      ...pooled,
      roundP50s: targetRuns.map((run) => run.latencyMs.p50),
      cpuCores: targetRuns.reduce((sum, run) => sum + run.cpuCores * run.seconds, 0) / time,
      peakRssBytes: Math.max(...targetRuns.map((run) => run.peakRssBytes)),
      // Time the gateway's event loop stood still in garbage collection, per second measured.
      gcPauseMsPerSecond: targetRuns.every((run) => run.gcPauseSeconds !== null) ? (targetRuns.reduce((sum, run) => sum + run.gcPauseSeconds, 0) * 1000) / time : null,
    };
  });
}

/**
 * Gateway overhead: for each upstream latency, every target at a constant rate (added latency; the
 * targets run side by side and are measured in interleaved rounds), then — at 0 ms upstream — the
 * highest closed-loop throughput each target sustains with p99 < 50 ms, one target at a time.
 */
export async function proxyOverhead({ smoke, log }) {
  const seconds = smoke ? 1 : 10;
  const rounds = smoke ? 1 : 5;
  const warmupSeconds = smoke ? 0.5 : 3;
  const rate = smoke ? 100 : 500;
  const concurrencies = smoke ? [8] : [16, 64, 128];
  const roundWarmupSeconds = smoke ? 0 : 1;
  const results = { rate, seconds, rounds, roundWarmupSeconds, fixedRate: [], maxThroughput: [] };
  for (const upstreamMs of [0, 20]) {
    const mock = await startMockUpstream(upstreamMs);
    const targets = [];
    try {
      for (const spec of TARGETS) {
        const target = await spec.start(mock);
        targets.push({ name: spec.name, process: target, request: chatRequest(target), pool: connectionPool(target.url) });
      }
      for (const target of targets) await constantRate({ origin: target.process.url, pool: target.pool, request: target.request, rate, seconds: warmupSeconds });
      for (const fixed of await interleavedFixedRate(targets, { rate, seconds, rounds, roundWarmupSeconds })) {
        const { name, ...figures } = fixed;
        results.fixedRate.push({ target: name, upstreamMs, ...figures });
        const perRound = rounds > 1 ? ` (p50 per round: ${fixed.roundP50s.map((p) => p.toFixed(3)).join(', ')})` : '';
        log(`${name} @ ${rate} rps, upstream ${upstreamMs} ms: p50 ${fixed.latencyMs.p50.toFixed(3)} ms, p99 ${fixed.latencyMs.p99.toFixed(3)} ms, errors ${fixed.errors}${perRound}`);
      }
      if (upstreamMs === 0) {
        for (const { name, process: target, request } of targets) {
          let best = null;
          for (const concurrency of concurrencies) {
            const run = await measure(target, () => closedLoop({ origin: target.url, request, concurrency, seconds }));
            log(`${name} closed loop x${concurrency}: ${run.achievedRps.toFixed(0)} rps, p99 ${run.latencyMs.p99.toFixed(2)} ms, errors ${run.errors}`);
            const sustained = run.latencyMs.p99 < 50 && run.errorRate < 0.001;
            if (sustained && (!best || run.achievedRps > best.achievedRps)) best = { concurrency, ...run };
          }
          results.maxThroughput.push({ target: name, upstreamMs, best });
        }
      }
    } finally {
      for (const target of targets.reverse()) {
        await target.pool.close();
        await target.process.stop();
      }
      await mock.stop();
    }
  }
  return results;
}
