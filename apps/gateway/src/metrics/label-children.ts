import type { Counter, Histogram } from 'prom-client';

type Child<T> = T extends Histogram<string> ? ReturnType<Histogram<string>['labels']> : ReturnType<Counter<string>['labels']>;

/**
 * Resolves each label combination to its prom-client child once, so the hot path does a Map lookup
 * instead of hashing a label object on every update.
 */
export class LabelChildren<M extends Counter<string> | Histogram<string>> {
  private readonly children = new Map<string, Child<M>>();
  constructor(private readonly metric: M) {}

  of(...values: string[]): Child<M> {
    const key = values.join('\u0000');
    let child = this.children.get(key);
    if (!child) {
      child = this.metric.labels(...values) as Child<M>;
      this.children.set(key, child);
    }
    return child;
  }
}
