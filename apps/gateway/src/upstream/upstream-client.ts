import { Agent, request, type Dispatcher } from 'undici';
import type { UpstreamRequest } from '@sluice/providers';

/** Pooled keep-alive HTTP client for provider calls. */
export class UpstreamClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000, connections: 256, pipelining: 1 });

  send(upstream: UpstreamRequest, timeoutMs: number, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    return request(upstream.url, {
      method: upstream.method,
      headers: upstream.headers,
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
