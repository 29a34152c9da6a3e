import { Agent, request, type Dispatcher } from 'undici';
import type { UpstreamRequest } from '@sluice/providers';
import type { UpstreamCall } from '../tracing/upstream-call';
import type { UpstreamObserver } from '../tracing/upstream-observer';

/** Pooled keep-alive HTTP client for provider calls. */
export class UpstreamClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000, connections: 256, pipelining: 1 });

  constructor(private readonly observer?: UpstreamObserver) {}

  /** `call` describes the call for its metrics and trace span (the observer adds `traceparent`). */
  send(upstream: UpstreamRequest, timeoutMs: number, signal: AbortSignal, call?: UpstreamCall): Promise<Dispatcher.ResponseData> {
    if (!this.observer) return this.dispatch(upstream, upstream.headers, timeoutMs, signal);
    return this.observer.observe(call, upstream.headers, (headers) => this.dispatch(upstream, headers, timeoutMs, signal));
  }

  private dispatch(upstream: UpstreamRequest, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    return request(upstream.url, {
      method: upstream.method,
      headers,
      body: upstream.body,
      dispatcher: this.agent,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
