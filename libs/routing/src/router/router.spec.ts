import { routingPolicySchema, type RoutingPolicyInput } from '@sluice/contracts';
import { Router } from './router';
import { RoutedAttemptError, RoutingFailedError } from './routing-errors';
import type { AttemptContext } from './run-attempt';

interface Dep {
  id: string;
  modelName: string;
  weight: number;
  priority: number;
  timeoutMs: number;
}

const dep = (id: string, modelName: string, priority: number, timeoutMs = 30_000): Dep => ({ id, modelName, weight: 1, priority, timeoutMs });

function routerWith(policy: RoutingPolicyInput): Router {
  return new Router({ policy: routingPolicySchema.parse({ strategy: 'priority', ...policy }), clock: () => Date.now(), random: () => 0.5 });
}

function catalog(...deployments: Dep[]) {
  return (modelName: string): Dep[] => deployments.filter((d) => d.modelName === modelName);
}

/** The promise's outcome as a value, so a rejection is never left unhandled while fake time runs. */
function capture<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** Lets fake time run until the promise settles. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const settled = capture(promise);
  await jest.runAllTimersAsync();
  return settled;
}

function routingError(result: { error?: unknown }): RoutingFailedError {
  expect(result.error).toBeInstanceOf(RoutingFailedError);
  return result.error as RoutingFailedError;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);
const brief = (attempts: readonly { deploymentId: string; outcome: string; kind?: string }[]) => attempts.map((a) => `${a.deploymentId}:${a.kind ?? a.outcome}`);

describe('Router', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  describe('scenario: 500s, then 429 with Retry-After, then success', () => {
    const deployments = catalog(dep('d1', 'gpt-4o', 0), dep('d2', 'gpt-4o', 1), dep('d3', 'gpt-4o', 2));
    const attemptFn = async ({ deployment }: AttemptContext<Dep>) => {
      await delay(10);
      if (deployment.id === 'd1') throw new RoutedAttemptError('server', { message: '500' });
      if (deployment.id === 'd2') throw new RoutedAttemptError('rate_limit', { retryAfterMs: 1_000 });
      return `answer from ${deployment.id}`;
    };
    const policy = { retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000 }, cooldown: { failureThreshold: 3 } };

    it('serves the third deployment’s result with the full attempt log and backoff schedule', async () => {
      const router = routerWith(policy);
      const { value } = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, attemptFn));
      expect(value?.value).toBe('answer from d3');
      expect(value?.deployment.id).toBe('d3');
      expect(value?.attempts).toEqual([
        { deploymentId: 'd1', modelName: 'gpt-4o', outcome: 'error', kind: 'server', durationMs: 10 },
        { deploymentId: 'd1', modelName: 'gpt-4o', outcome: 'error', kind: 'server', durationMs: 10 },
        { deploymentId: 'd1', modelName: 'gpt-4o', outcome: 'error', kind: 'server', durationMs: 10 },
        { deploymentId: 'd2', modelName: 'gpt-4o', outcome: 'error', kind: 'rate_limit', durationMs: 10 },
        { deploymentId: 'd2', modelName: 'gpt-4o', outcome: 'error', kind: 'rate_limit', durationMs: 10 },
        { deploymentId: 'd2', modelName: 'gpt-4o', outcome: 'error', kind: 'rate_limit', durationMs: 10 },
        { deploymentId: 'd3', modelName: 'gpt-4o', outcome: 'success', durationMs: 10 },
      ]);
      // 7 attempts × 10 ms + jittered backoff 50 + 100 on d1 + Retry-After 1000 + 1000 on d2
      expect(Date.now()).toBe(70 + 150 + 2_000);
    });

    it('cools the failing deployments down so the next request goes straight to the healthy one', async () => {
      const router = routerWith(policy);
      await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, attemptFn));
      expect(router.breaker.state('d1')).toBe('open');
      expect(router.breaker.state('d2')).toBe('open');
      const { value } = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, attemptFn));
      expect(brief(value!.attempts)).toEqual(['d3:success']);
    });
  });

  describe('retries and timeouts', () => {
    it('does not wait for a Retry-After beyond the total budget: it moves on at once', async () => {
      const router = routerWith({ retry: { totalTimeoutMs: 10_000 } });
      const deployments = catalog(dep('a', 'm', 0), dep('b', 'm', 1));
      const { value } = await settle(
        router.execute({ modelName: 'm', deploymentsFor: deployments }, async ({ deployment }) => {
          if (deployment.id === 'a') throw new RoutedAttemptError('rate_limit', { retryAfterMs: 60_000 });
          return 'ok';
        }),
      );
      expect(brief(value!.attempts)).toEqual(['a:rate_limit', 'b:success']);
      expect(Date.now()).toBe(0);
    });

    it('times out a slow attempt, aborts its signal, and retries', async () => {
      const router = routerWith({ retry: { maxRetries: 1, baseDelayMs: 0, maxDelayMs: 0 } });
      const signals: AbortSignal[] = [];
      let calls = 0;
      const { value } = await settle(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0, 1_000)) }, async ({ signal }) => {
          signals.push(signal);
          calls += 1;
          if (calls === 1) return never();
          return 'second try';
        }),
      );
      expect(value?.value).toBe('second try');
      expect(value?.attempts).toEqual([
        { deploymentId: 'a', modelName: 'm', outcome: 'error', kind: 'timeout', durationMs: 1_000 },
        { deploymentId: 'a', modelName: 'm', outcome: 'success', durationMs: 0 },
      ]);
      expect(signals[0].aborted).toBe(true);
      expect(signals[0].reason).toBeInstanceOf(RoutedAttemptError);
      expect(signals[1].aborted).toBe(false);
    });

    it('cuts everything off at the total timeout and reports a timeout', async () => {
      const router = routerWith({ retry: { totalTimeoutMs: 2_500 } });
      const result = await settle(router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0, 10_000), dep('b', 'm', 1)) }, never));
      const error = routingError(result);
      expect(error.reason).toBe('total_timeout');
      expect(error.kind).toBe('timeout');
      expect(brief(error.attempts)).toEqual(['a:timeout']);
      expect(Date.now()).toBe(2_500);
    });

    it('never retries once the response was committed to the client', async () => {
      const router = routerWith({});
      let calls = 0;
      const result = await settle(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0), dep('b', 'm', 1)) }, async ({ commit }) => {
          calls += 1;
          expect(commit()).toBe(true);
          await delay(5_000);
          throw new RoutedAttemptError('connection', { message: 'stream dropped' });
        }),
      );
      expect(calls).toBe(1);
      expect(routingError(result).reason).toBe('committed');
      expect(routingError(result).kind).toBe('connection');
    });

    it('also treats an error flagged committed as final', async () => {
      const router = routerWith({});
      const result = await settle(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0), dep('b', 'm', 1)) }, async () => {
          throw new RoutedAttemptError('server', { committed: true });
        }),
      );
      expect(routingError(result).reason).toBe('committed');
      expect(routingError(result).attempts).toHaveLength(1);
    });

    it('stops the attempt timeout at commit, and refuses a commit after the attempt was abandoned', async () => {
      const router = routerWith({ retry: { maxRetries: 0 } });
      const long = await settle(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0, 1_000)) }, async ({ commit }) => {
          await delay(500);
          commit();
          await delay(5_000);
          return 'long stream';
        }),
      );
      expect(long.value?.value).toBe('long stream');
      let late: boolean | undefined;
      const abandoned = await settle(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0, 1_000)) }, async ({ commit }) => {
          await delay(2_000);
          late = commit();
          return 'too late';
        }),
      );
      expect(late).toBe(false);
      expect(routingError(abandoned).kind).toBe('timeout');
    });

    it('stops at a final error without trying anything else', async () => {
      const router = routerWith({ fallbacks: { m: ['n'] } });
      const result = await settle(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0), dep('b', 'm', 1), dep('c', 'n', 0)) }, async () => {
          throw new RoutedAttemptError('invalid_request');
        }),
      );
      expect(routingError(result).reason).toBe('final_error');
      expect(brief(routingError(result).attempts)).toEqual(['a:invalid_request']);
    });

    it('treats an unclassified throw as a server error of that deployment', async () => {
      const router = routerWith({ retry: { maxRetries: 0 } });
      const { value } = await settle(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0), dep('b', 'm', 1)) }, async ({ deployment }) => {
          if (deployment.id === 'a') throw new TypeError('fetch failed');
          return 'ok';
        }),
      );
      expect(brief(value!.attempts)).toEqual(['a:server', 'b:success']);
    });
  });

  describe('fallbacks', () => {
    const deployments = catalog(dep('a1', 'gpt-4o', 0), dep('a2', 'gpt-4o', 1), dep('c1', 'claude-sonnet', 0), dep('g1', 'gemini-pro', 0));
    const fallbacks = { 'gpt-4o': ['claude-sonnet', 'gemini-pro'] };
    const failing = (kinds: Record<string, RoutedAttemptError['kind']>) => async ({ deployment, modelName }: AttemptContext<Dep>) => {
      const kind = kinds[deployment.id];
      if (kind) throw new RoutedAttemptError(kind);
      return `${modelName}/${deployment.id}`;
    };

    it('tries the alias’s other deployments first, then the fallback models in order', async () => {
      const router = routerWith({ fallbacks, retry: { maxRetries: 0 } });
      const { value } = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, failing({ a1: 'server', a2: 'timeout', c1: 'rate_limit' })));
      expect(value?.value).toBe('gemini-pro/g1');
      expect(value?.modelName).toBe('gemini-pro');
      expect(value!.attempts.map((a) => `${a.modelName}/${a.deploymentId}:${a.kind ?? a.outcome}`)).toEqual([
        'gpt-4o/a1:server',
        'gpt-4o/a2:timeout',
        'claude-sonnet/c1:rate_limit',
        'gemini-pro/g1:success',
      ]);
    });

    it('goes straight to the fallback model on context-window and content-policy refusals', async () => {
      const router = routerWith({ fallbacks });
      const { value } = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, failing({ a1: 'context_window_exceeded', c1: 'content_policy' })));
      expect(brief(value!.attempts)).toEqual(['a1:context_window_exceeded', 'c1:content_policy', 'g1:success']);
    });

    it('does not fall back to other models for a kind whose trigger is off', async () => {
      const router = routerWith({ fallbacks, fallbackOn: { rate_limits: false, context_window_exceeded: false }, retry: { maxRetries: 0 } });
      const limited = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, failing({ a1: 'rate_limit', a2: 'rate_limit' })));
      expect(routingError(limited).reason).toBe('exhausted');
      expect(routingError(limited).kind).toBe('rate_limit');
      expect(brief(routingError(limited).attempts)).toEqual(['a1:rate_limit', 'a2:rate_limit']);
      const tooLong = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, failing({ a1: 'context_window_exceeded' })));
      expect(brief(routingError(tooLong).attempts)).toEqual(['a1:context_window_exceeded']);
      const broken = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, failing({ a1: 'server', a2: 'server' })));
      expect(broken.value?.modelName).toBe('claude-sonnet');
    });

    it('falls back when every deployment of the alias is cooling down, and reports no_deployment when nothing is left', async () => {
      const router = routerWith({ fallbacks });
      for (const id of ['a1', 'a2']) for (let i = 0; i < 5; i++) router.breaker.recordFailure(id, 'server');
      const { value } = await settle(router.execute({ modelName: 'gpt-4o', deploymentsFor: deployments }, failing({})));
      expect(brief(value!.attempts)).toEqual(['c1:success']);
      const none = await settle(router.execute({ modelName: 'unknown', deploymentsFor: deployments }, failing({})));
      expect(routingError(none).reason).toBe('no_deployment');
      expect(routingError(none).kind).toBeUndefined();
    });
  });

  describe('cancellation', () => {
    it('aborts the running attempt and makes no further attempts', async () => {
      const router = routerWith({ fallbacks: { m: ['n'] } });
      const client = new AbortController();
      let attemptSignal: AbortSignal | undefined;
      let calls = 0;
      const pending = capture(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0), dep('b', 'm', 1), dep('c', 'n', 0)), signal: client.signal }, ({ signal }) => {
          calls += 1;
          attemptSignal = signal;
          return never();
        }),
      );
      await jest.advanceTimersByTimeAsync(100);
      client.abort(new Error('client closed'));
      const error = routingError(await pending);
      expect(error.reason).toBe('cancelled');
      expect(attemptSignal?.aborted).toBe(true);
      expect(calls).toBe(1);
      expect(error.attempts).toEqual([{ deploymentId: 'a', modelName: 'm', outcome: 'cancelled', durationMs: 100 }]);
      expect(router.stats.inFlight('a')).toBe(0);
    });

    it('stops during a backoff wait', async () => {
      const router = routerWith({ retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } });
      const client = new AbortController();
      let calls = 0;
      const pending = capture(
        router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0)), signal: client.signal }, async () => {
          calls += 1;
          throw new RoutedAttemptError('server');
        }),
      );
      await jest.advanceTimersByTimeAsync(1_000);
      client.abort();
      expect(routingError(await pending).reason).toBe('cancelled');
      expect(calls).toBe(1);
    });

    it('makes no attempt for an already cancelled request', async () => {
      const router = routerWith({});
      const client = new AbortController();
      client.abort();
      const attempt = jest.fn(async () => 'x');
      const result = await settle(router.execute({ modelName: 'm', deploymentsFor: catalog(dep('a', 'm', 0)), signal: client.signal }, attempt));
      expect(routingError(result).reason).toBe('cancelled');
      expect(attempt).not.toHaveBeenCalled();
    });
  });

  describe('cooldown', () => {
    it('sends exactly one probe to a deployment whose cooldown ended, and closes it on success', async () => {
      const router = routerWith({ strategy: 'priority', cooldown: { failureThreshold: 1, cooldownMs: 1_000 }, retry: { maxRetries: 0 } });
      const deployments = catalog(dep('a', 'm', 0), dep('b', 'm', 1));
      router.breaker.recordFailure('a', 'server');
      jest.setSystemTime(1_000);
      const chosen: string[] = [];
      const attempt = async ({ deployment }: AttemptContext<Dep>) => {
        chosen.push(deployment.id);
        await delay(100);
        return deployment.id;
      };
      const requests = [1, 2, 3].map(() => router.execute({ modelName: 'm', deploymentsFor: deployments }, attempt));
      expect(chosen).toEqual(['a', 'b', 'b']);
      await settle(Promise.all(requests));
      expect(router.breaker.state('a')).toBe('closed');
      await settle(router.execute({ modelName: 'm', deploymentsFor: deployments }, attempt));
      expect(chosen).toEqual(['a', 'b', 'b', 'a']);
    });

    it('uses the per-model strategy override', async () => {
      const router = routerWith({ strategy: 'priority', strategyByModel: { m: 'least-busy' } });
      const deployments = catalog(dep('a', 'm', 0), dep('b', 'm', 1));
      const chosen: string[] = [];
      const attempt = async ({ deployment }: AttemptContext<Dep>) => {
        chosen.push(deployment.id);
        await delay(10);
        return deployment.id;
      };
      const requests = [router.execute({ modelName: 'm', deploymentsFor: deployments }, attempt), router.execute({ modelName: 'm', deploymentsFor: deployments }, attempt)];
      await settle(Promise.all(requests));
      expect(chosen.sort()).toEqual(['a', 'b']);
    });
  });

  describe('stats feedback', () => {
    it('counts requests in flight, tokens and time to first byte for the strategies', async () => {
      const router = routerWith({ strategy: 'least-busy' });
      const deployments = catalog(dep('a', 'm', 0), dep('b', 'm', 0));
      const chosen: string[] = [];
      const attempt = async ({ deployment, commit, reportTokens }: AttemptContext<Dep>) => {
        chosen.push(deployment.id);
        await delay(100);
        commit();
        await delay(900);
        reportTokens(42);
        return deployment.id;
      };
      const first = router.execute({ modelName: 'm', deploymentsFor: deployments }, attempt);
      const second = router.execute({ modelName: 'm', deploymentsFor: deployments }, attempt);
      expect(router.stats.inFlight('a') + router.stats.inFlight('b')).toBe(2);
      await settle(Promise.all([first, second]));
      expect(chosen.sort()).toEqual(['a', 'b']);
      expect(router.stats.inFlight('a')).toBe(0);
      expect(router.stats.tokensThisMinute('a')).toBe(42);
      expect(router.stats.latencyMs('a')).toBe(100);
    });
  });
});
