import { gcTraceTotals, stdoutRecorder } from '../lib/gc-trace.mjs';
import { constantRate, connectionPool } from '../lib/load.mjs';
import { chatRequest, startMockUpstream, startSluiceGateway } from '../lib/targets.mjs';

/**
 * Garbage per request: each Sluice gateway alone against the 0 ms mock at a fixed rate, with V8's
 * `--trace-gc-nvp`; bytes allocated and promoted per request, collections, and their pause time.
 * The allocation figures depend on the code, not on how busy the machine is, so a change that
 * allocates less shows here even where latency percentiles are too noisy to tell.
 */
export async function gatewayAllocations({ smoke, log }) {
  const rate = smoke ? 50 : 300;
  const seconds = smoke ? 2 : 20;
  const warmupSeconds = smoke ? 1 : 5;
  const mock = await startMockUpstream(0);
  const results = { rate, seconds, targets: [] };
  try {
    for (const governed of [false, true]) {
      const recorder = stdoutRecorder();
      // A smoke run is too short to fill the default young generation: a 1 MB one makes sure it sees collections.
      const nodeArgs = smoke ? ['--trace-gc-nvp', '--max-semi-space-size=1'] : ['--trace-gc-nvp'];
      const gateway = await startSluiceGateway(mock.url, { governed, nodeArgs, onStdout: recorder.onStdout });
      const pool = connectionPool(gateway.url);
      try {
        const request = chatRequest(gateway);
        await constantRate({ origin: gateway.url, pool, request, rate, seconds: warmupSeconds });
        const trace = recorder.mark();
        const run = await constantRate({ origin: gateway.url, pool, request, rate, seconds });
        const totals = gcTraceTotals(trace.take());
        if (totals.scavenges + totals.markCompacts === 0) throw new Error(`${gateway.name}: no --trace-gc-nvp line in ${seconds} s of load (is the trace format still key=value?)`);
        const row = {
          target: gateway.name,
          requests: run.requests,
          errors: run.errors,
          allocatedKiBPerRequest: totals.allocatedBytes / run.requests / 1024,
          promotedKiBPerRequest: totals.promotedBytes / run.requests / 1024,
          scavenges: totals.scavenges,
          markCompacts: totals.markCompacts,
          pauseMsPerSecond: totals.pauseMs / run.seconds,
          maxPauseMs: totals.maxPauseMs,
        };
        results.targets.push(row);
        log(`${row.target}: ${row.allocatedKiBPerRequest.toFixed(1)} KiB allocated, ${row.promotedKiBPerRequest.toFixed(2)} KiB promoted per request; ${row.scavenges} scavenges, ${row.markCompacts} mark-compacts, ${row.pauseMsPerSecond.toFixed(1)} ms/s paused`);
      } finally {
        await pool.close();
        await gateway.stop();
      }
    }
  } finally {
    await mock.stop();
  }
  return results;
}
