import { resourceMeter, socketPeakMeter } from '../lib/processes.mjs';
import { concurrentStreams, streamsAtRate } from '../lib/streams.mjs';
import { directTarget, startMockUpstream, startSluiceGateway } from '../lib/targets.mjs';

let counter = 0;
function streamRequest(target) {
  return () => ({
    method: 'POST',
    path: target.path,
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-model', stream: true, max_tokens: 64, messages: [{ role: 'user', content: `stream prompt ${(counter += 1)}` }] }),
  });
}

async function configureMock(mock, defaults) {
  const res = await fetch(`${mock.url}/_mock/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ defaults }) });
  if (!res.ok) throw new Error(`mock config refused: ${res.status} ${await res.text()}`);
}

/**
 * Streaming: (1) time to first event added by the governed gateway, at a constant rate of short
 * streams; (2) many concurrent long streams, straight to the mock and through the governed gateway:
 * peak RSS and stalls.
 */
export async function streaming({ smoke, log, scale }) {
  const mock = await startMockUpstream(0);
  const results = { ttft: [], concurrent: null, concurrentDirect: null };
  try {
    const targets = [
      { name: 'direct', start: async () => directTarget(mock) },
      { name: 'sluice-governed', start: () => startSluiceGateway(mock.url, { governed: true }) },
    ];
    await configureMock(mock, { outputTokens: 20 });
    for (const spec of scale?.concurrentOnly ? [] : targets) {
      const target = await spec.start();
      try {
        const request = streamRequest(target);
        await streamsAtRate({ origin: target.url, request, rate: 50, seconds: smoke ? 1 : 3 });
        const run = await streamsAtRate({ origin: target.url, request, rate: smoke ? 50 : 200, seconds: smoke ? 2 : 15 });
        results.ttft.push({ target: spec.name, ...run });
        log(`${spec.name} streams: TTFT p50 ${run.ttftMs.p50.toFixed(3)} ms, p99 ${run.ttftMs.p99.toFixed(3)} ms, ${run.failed} failed`);
      } finally {
        await target.stop();
      }
    }

    const count = scale?.concurrentStreams ?? (smoke ? 100 : 5000);
    const chunks = 40;
    const streamSeconds = scale?.streamSeconds ?? (smoke ? 2 : 20);
    await configureMock(mock, { outputTokens: chunks, chunkDelayMs: Math.round((streamSeconds * 1000) / chunks) });
    const concurrent = (target) => concurrentStreams({ origin: target.url, request: streamRequest(target), count, rampSeconds: smoke ? 1 : Math.min(10, streamSeconds / 2), stallMs: 5000 });
    const describe = (c) => `${c.completed} completed, ${c.stalls} stalled, worst gap ${c.worstGapMs.toFixed(0)} ms, worst first event ${c.worstFirstEventMs.toFixed(0)} ms, peak RSS ${(c.peakRssBytes / 2 ** 20).toFixed(0)} MiB, ${c.cpuCores.toFixed(2)} cores`;

    // The same streams straight to the mock: whether the machine (mock + load generator) carries them at all.
    const mockMeter = resourceMeter(mock.pid);
    const direct = await concurrent(directTarget(mock));
    results.concurrentDirect = { streamSeconds, ...direct, ...mockMeter.stop() };
    log(`${count} concurrent ${streamSeconds} s streams, direct: ${describe(results.concurrentDirect)} (the mock's)`);

    const gateway = await startSluiceGateway(mock.url, { governed: true });
    try {
      const meter = resourceMeter(gateway.pid);
      // Sockets the mock holds open ≈ the gateway's concurrent upstream connections (UPSTREAM_MAX_CONNECTIONS caps them).
      const upstreamSockets = socketPeakMeter(mock.pid);
      const run = await concurrent(gateway);
      results.concurrent = { streamSeconds, upstreamMaxConnections: process.env.UPSTREAM_MAX_CONNECTIONS ?? 'default', ...run, ...meter.stop(), peakUpstreamSockets: upstreamSockets.stop() };
      log(`${count} concurrent ${streamSeconds} s streams, governed: ${describe(results.concurrent)} (the gateway's), peak upstream sockets ${results.concurrent.peakUpstreamSockets}`);
    } finally {
      await gateway.stop();
    }
  } finally {
    await mock.stop();
  }
  return results;
}
