import type { FaultSettings, MockConfig } from './fault-settings';

export interface InjectedError {
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

/** The settled behaviour for one request: header > per-model config > default config > env default. */
export interface FaultPlan {
  delayMs: number;
  ttftMs: number;
  chunkDelayMs: number;
  dropAfterChunks?: number;
  hang: boolean;
  outputTokens?: number;
  status?: number;
  errorMessage?: string;
  retryAfterSeconds?: number;
  failFirst?: number;
  failScope: 'model' | 'key';
  failStatus: number;
}

export function mergeSettings(...layers: Array<FaultSettings | undefined>): FaultSettings {
  return Object.assign({}, ...layers.filter(Boolean)) as FaultSettings;
}

export function resolveFaultPlan(
  config: MockConfig,
  model: string,
  headerSettings: FaultSettings,
  defaultLatencyMs: number,
  random: () => number = Math.random,
): FaultPlan {
  const s = mergeSettings({ latencyMs: defaultLatencyMs }, config.defaults, config.models[model], headerSettings);
  const range = s.latencyRangeMs;
  const jitter = range ? range.min + Math.floor(random() * (range.max - range.min + 1)) : 0;
  return {
    delayMs: (s.latencyMs ?? 0) + jitter,
    ttftMs: s.ttftMs ?? 0,
    chunkDelayMs: s.chunkDelayMs ?? 0,
    dropAfterChunks: s.dropAfterChunks,
    hang: s.hang ?? false,
    outputTokens: s.outputTokens,
    status: s.status ?? (s.retryAfterSeconds !== undefined && !s.failFirst ? 429 : undefined),
    errorMessage: s.errorMessage,
    retryAfterSeconds: s.retryAfterSeconds,
    failFirst: s.failFirst,
    failScope: s.failScope ?? 'model',
    failStatus: s.failStatus ?? 500,
  };
}

/**
 * Decides whether a request gets an injected error: always for a status override; for fail-first,
 * it counts attempts per scope (model name or API key) so the first K fail and the rest succeed.
 * The counts are cleared when the config changes or on reset.
 */
export class ErrorInjector {
  private readonly attempts = new Map<string, number>();

  /** Registers an attempt and returns the error to inject, if this attempt must fail. */
  errorFor(plan: FaultPlan, scope: { model: string; apiKeyId: string }): InjectedError | undefined {
    if (plan.status !== undefined) {
      return {
        status: plan.status,
        message: plan.errorMessage ?? `Injected error (status ${plan.status}) by the mock provider`,
        retryAfterSeconds: plan.retryAfterSeconds,
      };
    }
    if (!plan.failFirst) return undefined;
    const key = plan.failScope === 'key' ? `key:${scope.apiKeyId}` : `model:${scope.model}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    if (attempt > plan.failFirst) return undefined;
    return {
      status: plan.failStatus,
      message: plan.errorMessage ?? `Injected failure ${attempt} of ${plan.failFirst} by the mock provider`,
      retryAfterSeconds: plan.retryAfterSeconds,
    };
  }

  reset(): void {
    this.attempts.clear();
  }
}
