/** Nearest-rank percentiles of a list of numbers (ms). */
export function percentiles(values, ps = [50, 95, 99]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
  return Object.fromEntries([...ps.map((p) => [`p${p}`, at(p)]), ['max', sorted.at(-1) ?? null]]);
}

/** Milliseconds since `start` (a process.hrtime.bigint()). */
export const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;
