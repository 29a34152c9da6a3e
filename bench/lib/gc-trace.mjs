/**
 * Totals of V8's `--trace-gc-nvp` lines (one `key=value` line per collection): bytes allocated
 * since the previous collection, bytes promoted to the old generation, and pause time. Allocation
 * and promotion per request are properties of the code, not of the machine, so they compare across
 * machines where latencies do not.
 */
export function gcTraceTotals(text) {
  const totals = { allocatedBytes: 0, promotedBytes: 0, scavenges: 0, markCompacts: 0, pauseMs: 0, maxPauseMs: 0 };
  for (const line of text.split('\n')) {
    if (!line.includes(' gc=')) continue;
    const field = (name) => Number(new RegExp(`(?:^|\\s)${name}=([0-9.]+)`).exec(line)?.[1] ?? 0);
    totals.allocatedBytes += field('allocated');
    totals.promotedBytes += field('promoted');
    const pause = field('pause');
    totals.pauseMs += pause;
    totals.maxPauseMs = Math.max(totals.maxPauseMs, pause);
    if (/\sgc=s\s/.test(line)) totals.scavenges += 1;
    else totals.markCompacts += 1;
  }
  return totals;
}

/** Collects a process's stdout so a measurement can take only the trace lines written during it. */
export function stdoutRecorder() {
  let text = '';
  return {
    onStdout: (chunk) => {
      text += chunk.toString();
    },
    /** Everything written from now on, until `take()` of the returned mark. */
    mark() {
      const from = text.length;
      return { take: () => text.slice(from) };
    },
  };
}
