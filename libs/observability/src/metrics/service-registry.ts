import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Prometheus registry per service process, with Node's default process metrics
 * (`process_*`, `nodejs_*`). Each service registers its own `sluice_*` series on it.
 */
export function createServiceRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Latency buckets in seconds, from 5 ms to 2 min (LLM calls are slow; proxies are fast). */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 120];

/** `2xx`, `4xx` … from an HTTP status. */
export function statusClassOf(status: number): string {
  if (status >= 100 && status < 600) return `${Math.floor(status / 100)}xx`;
  return 'other';
}

/**
 * A label value taken from a bounded set: anything not in it (or past `max` distinct values seen)
 * becomes `other`, so a client-chosen value can never create unbounded series.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  of(value: string | null | undefined, known: (value: string) => boolean = () => true): string {
    if (!value) return 'none';
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max || !known(value)) return 'other';
    this.seen.add(value);
    return value;
  }
}
