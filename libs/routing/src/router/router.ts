import type { RoutingPolicy } from '@sluice/contracts';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import type { RoutableDeployment } from '../deployment';
import { systemClock, systemRandom, systemTimers, type Clock, type RandomSource, type Timers } from '../runtime/runtime';
import { DeploymentStats } from '../stats/deployment-stats';
import { RouteExecution, type RoutedResult, type RouteRequest } from './route-execution';
import type { AttemptFn } from './run-attempt';

export interface RouterOptions {
  /** A parsed `routingPolicySchema` value. */
  policy: RoutingPolicy;
  clock?: Clock;
  random?: RandomSource;
  timers?: Timers;
  /** Weight of the newest sample in the latency moving average (default 0.3). */
  latencyAlpha?: number;
}

/**
 * Routing state of one gateway instance (deployment stats and circuit breakers) and the entry
 * point that routes a request. Create one per process; call `setPolicy` when the config changes.
 */
export class Router {
  readonly stats: DeploymentStats;
  readonly breaker: CircuitBreaker;
  private policy: RoutingPolicy;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly timers: Timers;

  constructor(options: RouterOptions) {
    this.policy = options.policy;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? systemRandom;
    this.timers = options.timers ?? systemTimers;
    this.stats = new DeploymentStats({ clock: this.clock, latencyAlpha: options.latencyAlpha });
    this.breaker = new CircuitBreaker({ policy: options.policy.cooldown, clock: this.clock });
  }

  /** Applies a new policy to requests that start from now on. */
  setPolicy(policy: RoutingPolicy): void {
    this.policy = policy;
    this.breaker.setPolicy(policy.cooldown);
  }

  /** Forgets stats and breaker state of deployments that are no longer configured. */
  retainDeployments(deploymentIds: ReadonlySet<string>): void {
    this.stats.retainOnly(deploymentIds);
    this.breaker.retainOnly(deploymentIds);
  }

  /**
   * Routes one request: chooses deployments, runs `attempt` on them with retries, cooldown and
   * fallbacks, and resolves with the first success. Rejects with `RoutingFailedError` otherwise.
   */
  execute<D extends RoutableDeployment, T>(request: RouteRequest<D>, attempt: AttemptFn<D, T>): Promise<RoutedResult<D, T>> {
    const { policy, stats, breaker, clock, random, timers } = this;
    return new RouteExecution(request, attempt, { policy, stats, breaker, clock, random, timers }).run();
  }
}
