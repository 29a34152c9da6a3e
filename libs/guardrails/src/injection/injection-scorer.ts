import { INJECTION_SIGNALS, InjectionSignal } from './injection-signals';

export interface InjectionScore {
  /** 0–1: 1 − Π(1 − weight) over the distinct signals found (independent evidence). */
  score: number;
  /** Names of the signals found, e.g. `ignore_previous_instructions`; never the text. */
  signals: string[];
}

/** Scores the untrusted texts of a request (user messages and tool results) for prompt injection. */
export function scoreInjection(texts: readonly string[], signals: readonly InjectionSignal[] = INJECTION_SIGNALS): InjectionScore {
  const found: string[] = [];
  let miss = 1;
  for (const signal of signals) {
    if (texts.some((text) => signal.test(text))) {
      found.push(signal.name);
      miss *= 1 - signal.weight;
    }
  }
  return { score: Math.round((1 - miss) * 1000) / 1000, signals: found };
}
