import { setTimeout as delay } from 'node:timers/promises';

export interface LoadSample<T> {
  /** Sequence number, from 0. */
  n: number;
  startedAt: number;
  latencyMs: number;
  result: T;
}

export interface ConstantLoad<T> {
  /** Samples so far (a live array). */
  readonly samples: LoadSample<T>[];
  /** Stops starting new requests and resolves once the ones in flight finished. */
  stop(): Promise<LoadSample<T>[]>;
}

/**
 * Constant load for fault tests: `lanes` concurrent loops, each starting a request every `paceMs`
 * (or as soon as the previous one finished, when it took longer), until stop().
 * `send` must not throw: it reports failures in its result.
 */
export function startConstantLoad<T>(options: { lanes: number; paceMs: number; send: (n: number) => Promise<T> }): ConstantLoad<T> {
  const samples: LoadSample<T>[] = [];
  let stopped = false;
  let next = 0;
  const lanes = Array.from({ length: options.lanes }, async () => {
    while (!stopped) {
      const n = next++;
      const startedAt = Date.now();
      const result = await options.send(n);
      samples.push({ n, startedAt, latencyMs: Date.now() - startedAt, result });
      await delay(Math.max(0, options.paceMs - (Date.now() - startedAt)));
    }
  });
  return {
    samples,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      return samples;
    },
  };
}
