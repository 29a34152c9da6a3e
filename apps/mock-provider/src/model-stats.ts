export interface ModelCounters {
  /** Requests that reached a model (after auth and validation). */
  requests: number;
  /** Of those, the ones answered with an injected error. */
  injectedErrors: number;
  /** Of those, the ones whose client (e.g. the gateway) closed the connection before the response was complete. */
  clientDisconnects: number;
}

/** Requests served per model, for `GET /_mock/stats`. */
export class ModelStats {
  private readonly byModel = new Map<string, ModelCounters>();

  countRequest(model: string): void {
    this.counters(model).requests++;
  }

  countInjectedError(model: string): void {
    this.counters(model).injectedErrors++;
  }

  countClientDisconnect(model: string): void {
    this.counters(model).clientDisconnects++;
  }

  snapshot(): { totalRequests: number; models: Record<string, ModelCounters> } {
    const models = Object.fromEntries([...this.byModel].map(([model, counters]) => [model, { ...counters }]));
    const totalRequests = [...this.byModel.values()].reduce((sum, counters) => sum + counters.requests, 0);
    return { totalRequests, models };
  }

  reset(): void {
    this.byModel.clear();
  }

  private counters(model: string): ModelCounters {
    let counters = this.byModel.get(model);
    if (!counters) {
      counters = { requests: 0, injectedErrors: 0, clientDisconnects: 0 };
      this.byModel.set(model, counters);
    }
    return counters;
  }
}
