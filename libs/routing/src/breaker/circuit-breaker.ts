import type { CooldownPolicy, RoutingErrorKind } from '@sluice/contracts';
import { systemClock, type Clock } from '../runtime/runtime';

export type BreakerState = 'closed' | 'open' | 'half-open';

interface Entry {
  state: BreakerState;
  /** Times of the recent counted failures while closed, oldest first, at most `failureThreshold`. */
  failures: number[];
  openUntil: number;
  /** Failed probes since the breaker last closed; raises the next cooldown. */
  reopenings: number;
  probeInFlight: boolean;
}

export interface CircuitBreakerOptions {
  policy: CooldownPolicy;
  clock?: Clock;
}

/**
 * Cooldown of failing deployments, per gateway instance. Closed: every request passes; after
 * `failureThreshold` counted failures within `windowMs` it opens and the deployment is skipped for
 * `cooldownMs`. Then half-open: exactly one probe passes; success closes it, failure re-opens it
 * for `cooldownMs × backoffMultiplier^n` (at most `maxCooldownMs`).
 *
 * Callers check `canAttempt`, then call `onAttemptStart` for the deployment they chose (same tick),
 * and finally exactly one of `recordSuccess`, `recordFailure` or `release`.
 */
export class CircuitBreaker {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private policy: CooldownPolicy;
  private counted: ReadonlySet<RoutingErrorKind>;

  constructor(options: CircuitBreakerOptions) {
    this.clock = options.clock ?? systemClock;
    this.policy = options.policy;
    this.counted = new Set(options.policy.countedKinds);
  }

  /** Applies a new policy (config snapshot swap); current states are kept. */
  setPolicy(policy: CooldownPolicy): void {
    this.policy = policy;
    this.counted = new Set(policy.countedKinds);
  }

  state(deploymentId: string): BreakerState {
    const entry = this.entries.get(deploymentId);
    if (!entry) return 'closed';
    if (entry.state === 'open' && this.clock() >= entry.openUntil) return 'half-open';
    return entry.state;
  }

  /** Whether a request may go to the deployment now. Does not change state. */
  canAttempt(deploymentId: string): boolean {
    const entry = this.entries.get(deploymentId);
    if (!entry || entry.state === 'closed') return true;
    if (entry.state === 'open') return this.clock() >= entry.openUntil;
    return !entry.probeInFlight;
  }

  /** The chosen deployment's attempt starts; on an expired open breaker this is the half-open probe. */
  onAttemptStart(deploymentId: string): void {
    const entry = this.entries.get(deploymentId);
    if (!entry || entry.state === 'closed') return;
    if (entry.state === 'open' && this.clock() < entry.openUntil) return;
    entry.state = 'half-open';
    entry.probeInFlight = true;
  }

  recordSuccess(deploymentId: string): void {
    const entry = this.entries.get(deploymentId);
    if (!entry || entry.state !== 'half-open') return;
    entry.state = 'closed';
    entry.failures.length = 0;
    entry.reopenings = 0;
    entry.probeInFlight = false;
  }

  recordFailure(deploymentId: string, kind: RoutingErrorKind): void {
    if (!this.counted.has(kind)) {
      this.release(deploymentId);
      return;
    }
    const now = this.clock();
    const entry = this.entry(deploymentId);
    if (entry.state === 'half-open') {
      entry.reopenings += 1;
      this.open(entry, now);
      return;
    }
    if (entry.state === 'open') return; // a request that started before the breaker opened
    const { failures } = entry;
    while (failures.length > 0 && failures[0] <= now - this.policy.windowMs) failures.shift();
    failures.push(now);
    if (failures.length > this.policy.failureThreshold) failures.shift();
    if (failures.length >= this.policy.failureThreshold) this.open(entry, now);
  }

  /** The attempt ended without a verdict on the deployment (cancelled, or a caller error): frees the probe slot. */
  release(deploymentId: string): void {
    const entry = this.entries.get(deploymentId);
    if (entry && entry.state === 'half-open') entry.probeInFlight = false;
  }

  /** Drops deployments that are no longer configured. */
  retainOnly(deploymentIds: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!deploymentIds.has(id)) this.entries.delete(id);
  }

  private open(entry: Entry, now: number): void {
    const { cooldownMs, backoffMultiplier, maxCooldownMs } = this.policy;
    entry.state = 'open';
    entry.openUntil = now + Math.min(maxCooldownMs, cooldownMs * backoffMultiplier ** entry.reopenings);
    entry.failures.length = 0;
    entry.probeInFlight = false;
  }

  private entry(deploymentId: string): Entry {
    let entry = this.entries.get(deploymentId);
    if (!entry) {
      entry = { state: 'closed', failures: [], openUntil: 0, reopenings: 0, probeInFlight: false };
      this.entries.set(deploymentId, entry);
    }
    return entry;
  }
}
