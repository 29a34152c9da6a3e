import { closedLoop, constantRate } from '../lib/load.mjs';
import { resourceMeter } from '../lib/processes.mjs';
import { chatRequest, directTarget, startMockUpstream, startPortkeyGateway, startSluiceGateway } from '../lib/targets.mjs';

const TARGETS = [
  { name: 'direct', start: async (mock) => directTarget(mock) },
  { name: 'sluice-proxy', start: (mock) => startSluiceGateway(mock.url, { governed: false }) },
  { name: 'sluice-governed', start: (mock) => startSluiceGateway(mock.url, { governed: true }) },
  { name: 'portkey', start: (mock) => startPortkeyGateway(mock.url) },
];

async function measure(target, run) {
  const meter = resourceMeter(target.pid);
  const result = await run();
  return { ...result, ...meter.stop() };
}

/**
 * Gateway overhead: for each upstream latency, every target at a constant rate (added latency),
 * then — at 0 ms upstream — the highest closed-loop throughput each target sustains with p99 < 50 ms.
 */
export async function proxyOverhead({ smoke, log }) {
  const seconds = smoke ? 1 : 10;
  const warmupSeconds = smoke ? 0.5 : 3;
  const rate = smoke ? 100 : 500;
  const concurrencies = smoke ? [8] : [16, 64, 128];
  const results = { rate, seconds, fixedRate: [], maxThroughput: [] };
  for (const upstreamMs of [0, 20]) {
    const mock = await startMockUpstream(upstreamMs);
    try {
      for (const spec of TARGETS) {
        const target = await spec.start(mock);
        try {
          const origin = target.url;
          const request = chatRequest(target);
          await constantRate({ origin, request, rate, seconds: warmupSeconds });
          const fixed = await measure(target, () => constantRate({ origin, request, rate, seconds }));
          results.fixedRate.push({ target: spec.name, upstreamMs, ...fixed });
          log(`${spec.name} @ ${rate} rps, upstream ${upstreamMs} ms: p50 ${fixed.latencyMs.p50.toFixed(3)} ms, p99 ${fixed.latencyMs.p99.toFixed(3)} ms, errors ${fixed.errors}`);
          if (upstreamMs === 0) {
            let best = null;
            for (const concurrency of concurrencies) {
              const run = await measure(target, () => closedLoop({ origin, request, concurrency, seconds }));
              log(`${spec.name} closed loop x${concurrency}: ${run.achievedRps.toFixed(0)} rps, p99 ${run.latencyMs.p99.toFixed(2)} ms, errors ${run.errors}`);
              const sustained = run.latencyMs.p99 < 50 && run.errorRate < 0.001;
              if (sustained && (!best || run.achievedRps > best.achievedRps)) best = { concurrency, ...run };
            }
            results.maxThroughput.push({ target: spec.name, upstreamMs, best });
          }
        } finally {
          await target.stop();
        }
      }
    } finally {
      await mock.stop();
    }
  }
  return results;
}
