import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '../config/gateway-config';
import { DEFAULT_UPSTREAM_MAX_CONNECTIONS } from './upstream-env';
import { UpstreamClient } from './upstream-client';

/** A local upstream that holds every request until `release()`; counts the distinct sockets it saw. */
async function holdingUpstream(): Promise<{ url: string; held: () => number; sockets: () => number; release: () => void; close: () => Promise<void> }> {
  const waiting: ServerResponse[] = [];
  const sockets = new Set<unknown>();
  let released = false;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    sockets.add(req.socket);
    req.resume();
    req.on('end', () => (released ? res.end('{}') : waiting.push(res)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    held: () => waiting.length,
    sockets: () => sockets.size,
    release: () => {
      released = true;
      for (const res of waiting.splice(0)) res.end('{}');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

describe('UpstreamClient connection cap', () => {
  it('holds more than 256 calls open to one origin at once by default (the former fixed cap)', async () => {
    const upstream = await holdingUpstream();
    const client = new UpstreamClient();
    try {
      expect(client.maxConnections).toBe(DEFAULT_UPSTREAM_MAX_CONNECTIONS);
      const calls = Array.from({ length: 300 }, () =>
        client.send({ url: upstream.url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 30_000, new AbortController().signal),
      );
      // All 300 reach the upstream while none has been answered (with a cap of 256 this never happens).
      await until(() => upstream.held() === 300);
      expect(upstream.sockets()).toBe(300);
      upstream.release();
      const responses = await Promise.all(calls);
      await Promise.all(responses.map((r) => r.body.text()));
      expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    } finally {
      await client.close();
      await upstream.close();
    }
  });

  it('never opens more connections to an origin than its cap; the rest queue until one frees', async () => {
    const upstream = await holdingUpstream();
    const client = new UpstreamClient(undefined, { maxConnections: 3 });
    try {
      const calls = Array.from({ length: 10 }, () =>
        client.send({ url: upstream.url, method: 'POST', headers: {}, body: '{}' }, 30_000, new AbortController().signal),
      );
      await until(() => upstream.held() === 3);
      upstream.release();
      const responses = await Promise.all(calls);
      await Promise.all(responses.map((r) => r.body.text()));
      expect(responses).toHaveLength(10);
      expect(upstream.sockets()).toBe(3);
    } finally {
      await client.close();
      await upstream.close();
    }
  });

  it('0 means no cap', () => {
    expect(new UpstreamClient(undefined, { maxConnections: 0 }).maxConnections).toBeNull();
  });
});

describe('loadGatewayConfig: UPSTREAM_MAX_CONNECTIONS', () => {
  it('defaults, parses and refuses nonsense', () => {
    expect(loadGatewayConfig({}, ['--config', 'sluice.yaml']).UPSTREAM_MAX_CONNECTIONS).toBe(DEFAULT_UPSTREAM_MAX_CONNECTIONS);
    expect(loadGatewayConfig({ UPSTREAM_MAX_CONNECTIONS: '10000' }, ['--config', 'sluice.yaml']).UPSTREAM_MAX_CONNECTIONS).toBe(10_000);
    expect(loadGatewayConfig({ UPSTREAM_MAX_CONNECTIONS: '0' }, ['--config', 'sluice.yaml']).UPSTREAM_MAX_CONNECTIONS).toBe(0);
    expect(() => loadGatewayConfig({ UPSTREAM_MAX_CONNECTIONS: '-1' }, ['--config', 'sluice.yaml'])).toThrow(/UPSTREAM_MAX_CONNECTIONS/);
  });
});
