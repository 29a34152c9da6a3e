import type { RoutingErrorKind, RoutingPolicy } from '@sluice/contracts';
import type { CircuitBreaker } from '../breaker/circuit-breaker';
import type { RoutableDeployment } from '../deployment';
import { modelChain } from '../fallback/model-chain';
import { retryDelay } from '../retry/backoff';
import { failureScope, isRetryable, triggersModelFallback } from '../retry/failure-policy';
import { sleep, type Clock, type RandomSource, type Timers } from '../runtime/runtime';
import type { DeploymentStats } from '../stats/deployment-stats';
import { strategies } from '../strategies/strategies';
import type { SelectionContext } from '../strategies/selection';
import { RoutingFailedError, type AttemptRecord, type RoutingFailureReason } from './routing-errors';
import { runAttempt, type AttemptFailure, type AttemptFn } from './run-attempt';

export interface RouteRequest<D extends RoutableDeployment> {
  /** The model alias the client asked for. */
  modelName: string;
  /**
   * The deployments of a model alias (asked for the requested alias and each fallback). Return an
   * empty list for models the caller may not use, so fallbacks respect key permissions.
   */
  deploymentsFor(modelName: string): readonly D[];
  /** The client's cancellation. */
  signal?: AbortSignal;
}

export interface RoutedResult<D extends RoutableDeployment, T> {
  value: T;
  deployment: D;
  modelName: string;
  attempts: AttemptRecord[];
}

export interface RouteDependencies {
  policy: RoutingPolicy;
  stats: DeploymentStats;
  breaker: CircuitBreaker;
  clock: Clock;
  random: RandomSource;
  timers: Timers;
}

const NEVER_ABORTED = new AbortController().signal;

/** One routed request: walks deployments and fallback models, retrying as the policy allows. */
export class RouteExecution<D extends RoutableDeployment, T> {
  private readonly attempts: AttemptRecord[] = [];
  private readonly signal: AbortSignal;
  private readonly deadline: number;
  private readonly selection: SelectionContext;
  private last: AttemptFailure | undefined;

  constructor(
    private readonly request: RouteRequest<D>,
    private readonly attemptFn: AttemptFn<D, T>,
    private readonly deps: RouteDependencies,
  ) {
    this.signal = request.signal ?? NEVER_ABORTED;
    this.deadline = deps.clock() + deps.policy.retry.totalTimeoutMs;
    this.selection = { stats: deps.stats, random: deps.random, explorationRate: deps.policy.explorationRate };
  }

  async run(): Promise<RoutedResult<D, T>> {
    const chain = modelChain(this.request.modelName, this.deps.policy.fallbacks);
    for (const modelName of chain) {
      const attemptsBefore = this.attempts.length;
      const result = await this.runModel(modelName);
      if (result) return result;
      const attempted = this.attempts.length > attemptsBefore;
      // A model whose deployments were all cooling down (or absent) counts as an error for the triggers.
      const kind: RoutingErrorKind = attempted && this.last ? this.last.kind : 'server';
      if (!triggersModelFallback(kind, this.deps.policy.fallbackOn)) break;
    }
    throw this.failure(this.last ? 'exhausted' : 'no_deployment');
  }

  /** Tries the model's eligible deployments in strategy order; undefined when they are all done with. */
  private async runModel(modelName: string): Promise<RoutedResult<D, T> | undefined> {
    const { policy, breaker } = this.deps;
    const deployments = this.request.deploymentsFor(modelName);
    const select = strategies[policy.strategyByModel[modelName] ?? policy.strategy];
    const tried = new Set<string>();
    const eligible = (d: D): boolean => !tried.has(d.id) && breaker.canAttempt(d.id);
    for (;;) {
      this.ensureLive();
      const deployment = select(deployments, eligible, this.selection);
      if (deployment === undefined) return undefined;
      tried.add(deployment.id);
      const result = await this.runDeployment(deployment, modelName);
      if (result) return result;
      if (this.last && failureScope(this.last.kind) === 'model') return undefined;
    }
  }

  /** The first attempt on a deployment and its retries; undefined when it failed for good. */
  private async runDeployment(deployment: D, modelName: string): Promise<RoutedResult<D, T> | undefined> {
    const { policy, breaker, random } = this.deps;
    for (let retry = 0; ; retry += 1) {
      const result = await this.attemptOnce(deployment, modelName);
      if (result) return result;
      const failure = this.last;
      if (!failure || !isRetryable(failure.kind, policy.retry) || retry >= policy.retry.maxRetries || !breaker.canAttempt(deployment.id)) {
        return undefined;
      }
      const delay = retryDelay(retry, failure.retryAfterMs, policy.retry, random, this.remainingMs());
      if (delay === undefined) return undefined;
      if (delay > 0) await this.wait(delay);
    }
  }

  /** One attempt with its bookkeeping; throws when routing must stop here. */
  private async attemptOnce(deployment: D, modelName: string): Promise<RoutedResult<D, T> | undefined> {
    const { stats, breaker, clock, timers } = this.deps;
    this.ensureLive();
    breaker.onAttemptStart(deployment.id);
    stats.begin(deployment.id);
    const outcome = await runAttempt(this.attemptFn, deployment, modelName, this.attempts.length + 1, {
      signal: this.signal,
      timeoutMs: Math.min(deployment.timeoutMs, this.remainingMs()),
      clock,
      timers,
      onTokens: (tokens) => stats.recordTokens(deployment.id, tokens),
    });
    stats.end(deployment.id);
    const record: AttemptRecord = { deploymentId: deployment.id, modelName, outcome: 'success', durationMs: outcome.durationMs };
    this.attempts.push(record);
    if (outcome.status === 'success') {
      breaker.recordSuccess(deployment.id);
      stats.recordLatency(deployment.id, outcome.timeToFirstByteMs ?? outcome.durationMs);
      return { value: outcome.value, deployment, modelName, attempts: this.attempts };
    }
    if (outcome.status === 'cancelled') {
      record.outcome = 'cancelled';
      breaker.release(deployment.id);
      throw this.failure('cancelled', outcome.error);
    }
    record.outcome = 'error';
    record.kind = outcome.kind;
    this.last = outcome;
    breaker.recordFailure(deployment.id, outcome.kind);
    if (outcome.kind === 'timeout') stats.recordLatency(deployment.id, outcome.durationMs);
    if (outcome.committed) throw this.failure('committed');
    if (failureScope(outcome.kind) === 'final') throw this.failure('final_error');
    this.ensureLive();
    return undefined;
  }

  private async wait(ms: number): Promise<void> {
    try {
      await sleep(ms, this.signal, this.deps.timers);
    } catch (error) {
      throw this.failure('cancelled', error);
    }
  }

  /** Throws when the client went away or the total budget is spent. */
  private ensureLive(): void {
    if (this.signal.aborted) throw this.failure('cancelled', this.signal.reason);
    if (this.remainingMs() <= 0) throw this.failure('total_timeout');
  }

  private remainingMs(): number {
    return this.deadline - this.deps.clock();
  }

  private failure(reason: RoutingFailureReason, cause: unknown = this.last?.error): RoutingFailedError {
    const kind = reason === 'total_timeout' ? 'timeout' : reason === 'cancelled' ? undefined : this.last?.kind;
    return new RoutingFailedError(reason, kind, this.attempts, this.last?.retryAfterMs, cause);
  }
}
