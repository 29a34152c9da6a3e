import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpFaultProxy {
  /** The port the proxy listens on (127.0.0.1). */
  port: number;
  /** `url` with its host and port replaced by the proxy's (e.g. a postgres:// URL). */
  proxiedUrl(url: string): string;
  /**
   * An outage: every open connection is reset and new ones are reset as soon as they are accepted,
   * as when the server behind the proxy is down. Nothing is forwarded until restore().
   */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  readonly isCut: boolean;
  /** Connections accepted and forwarded, and connections reset while cut. */
  stats(): { forwarded: number; refused: number; open: number };
  close(): Promise<void>;
}

/**
 * A real forwarding TCP proxy between services and a server (Postgres, Redis…) that a test can cut
 * and restore: fault injection on the network path, with the real server behind it.
 */
export async function startTcpFaultProxy(target: { host: string; port: number }): Promise<TcpFaultProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let cut = false;
  let forwarded = 0;
  let refused = 0;

  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (cut) {
      refused++;
      client.resetAndDestroy();
      return;
    }
    forwarded++;
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const pair = { client, upstream };
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', forget);
    upstream.once('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('tcp proxy has no port');
  const port = address.port;

  return {
    port,
    proxiedUrl(url: string) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut() {
      cut = true;
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      cut = false;
    },
    get isCut() {
      return cut;
    },
    stats: () => ({ forwarded, refused, open: pairs.size }),
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
