import { systemClock, type Clock } from '../runtime/runtime';

const MINUTE_MS = 60_000;

interface Entry {
  inFlight: number;
  /** Exponentially weighted moving average of latency in ms; NaN until the first sample. */
  latencyMs: number;
  /** Index of the wall-clock minute the counters below belong to. */
  minute: number;
  requests: number;
  tokens: number;
}

export interface DeploymentStatsOptions {
  clock?: Clock;
  /** Weight of the newest latency sample in the moving average (0 < alpha ≤ 1). */
  latencyAlpha?: number;
}

/**
 * In-memory, per gateway instance: in-flight requests, latency moving average and the current
 * minute's request and token counts of each deployment. O(1) per call, one small object per deployment.
 */
export class DeploymentStats {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly alpha: number;

  constructor(options: DeploymentStatsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.alpha = options.latencyAlpha ?? 0.3;
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new RangeError('latencyAlpha must be in (0, 1]');
  }

  /** A request to the deployment starts: one more in flight, one more request this minute. */
  begin(deploymentId: string): void {
    const entry = this.current(deploymentId);
    entry.inFlight += 1;
    entry.requests += 1;
  }

  /** The request ends, whatever its outcome. */
  end(deploymentId: string): void {
    const entry = this.entries.get(deploymentId);
    if (entry && entry.inFlight > 0) entry.inFlight -= 1;
  }

  /** One latency observation (time to first token for streams, whole duration otherwise). */
  recordLatency(deploymentId: string, ms: number): void {
    const entry = this.entry(deploymentId);
    entry.latencyMs = Number.isNaN(entry.latencyMs) ? ms : this.alpha * ms + (1 - this.alpha) * entry.latencyMs;
  }

  /** Tokens (prompt + completion) consumed on the deployment, counted in the current minute. */
  recordTokens(deploymentId: string, tokens: number): void {
    this.current(deploymentId).tokens += tokens;
  }

  inFlight(deploymentId: string): number {
    return this.entries.get(deploymentId)?.inFlight ?? 0;
  }

  /** The latency moving average, or undefined when the deployment has never been measured. */
  latencyMs(deploymentId: string): number | undefined {
    const value = this.entries.get(deploymentId)?.latencyMs;
    return value === undefined || Number.isNaN(value) ? undefined : value;
  }

  requestsThisMinute(deploymentId: string): number {
    const entry = this.entries.get(deploymentId);
    return entry && entry.minute === this.minuteNow() ? entry.requests : 0;
  }

  tokensThisMinute(deploymentId: string): number {
    const entry = this.entries.get(deploymentId);
    return entry && entry.minute === this.minuteNow() ? entry.tokens : 0;
  }

  /** Drops deployments that are no longer configured (call after a config snapshot swap). */
  retainOnly(deploymentIds: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!deploymentIds.has(id)) this.entries.delete(id);
  }

  private minuteNow(): number {
    return Math.floor(this.clock() / MINUTE_MS);
  }

  private entry(deploymentId: string): Entry {
    let entry = this.entries.get(deploymentId);
    if (!entry) {
      entry = { inFlight: 0, latencyMs: Number.NaN, minute: this.minuteNow(), requests: 0, tokens: 0 };
      this.entries.set(deploymentId, entry);
    }
    return entry;
  }

  /** The entry with its per-minute counters rolled over to the current minute. */
  private current(deploymentId: string): Entry {
    const entry = this.entry(deploymentId);
    const minute = this.minuteNow();
    if (entry.minute !== minute) {
      entry.minute = minute;
      entry.requests = 0;
      entry.tokens = 0;
    }
    return entry;
  }
}
