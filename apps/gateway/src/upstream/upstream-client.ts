import { Agent, request, type Dispatcher } from 'undici';
import { createGuardedConnector, type EgressGuard } from '@sluice/egress';
import type { UpstreamRequest } from '@sluice/providers';
import type { UpstreamCall } from '../tracing/upstream-call';
import type { UpstreamObserver } from '../tracing/upstream-observer';
import { DEFAULT_UPSTREAM_MAX_CONNECTIONS } from './upstream-env';

export interface UpstreamClientOptions {
  /** Open connections per upstream origin; 0 = no cap. Default DEFAULT_UPSTREAM_MAX_CONNECTIONS. */
  maxConnections?: number;
  /** Checks every new connection's address (see GATEWAY_EGRESS); none: no check. */
  egress?: EgressGuard | null;
}

/** Pooled keep-alive HTTP client for provider calls. */
export class UpstreamClient {
  private readonly agent: Agent;
  private readonly connectionCap: number | null;

  constructor(
    private readonly observer?: UpstreamObserver,
    options: UpstreamClientOptions = {},
  ) {
    const max = options.maxConnections ?? DEFAULT_UPSTREAM_MAX_CONNECTIONS;
    // undici: `connections: null` means no cap per origin.
    this.connectionCap = max === 0 ? null : max;
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 300_000,
      connections: this.connectionCap,
      pipelining: 1,
      ...(options.egress ? { connect: createGuardedConnector(options.egress) } : {}),
    });
  }

  /** The per-origin connection cap in effect (null = none). */
  get maxConnections(): number | null {
    return this.connectionCap;
  }

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
