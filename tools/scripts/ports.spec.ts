import { createServer, type Server } from 'node:net';
import { freePort } from '@sluice/testing';
import { assertPortsFree } from '../../scripts/lib/net.mjs';

function listening(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen({ port: 0, host }, () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('the start-up check for ports left taken by an earlier run', () => {
  it('tells a free port from a taken one, including one taken on every interface', async () => {
    const local = await listening('127.0.0.1');
    const everywhere = await listening('0.0.0.0');
    const spare = await freePort();
    try {
      await expect(assertPortsFree({ local: local.port })).rejects.toThrow(`port ${local.port} (local) already in use`);
      await expect(assertPortsFree({ everywhere: everywhere.port })).rejects.toThrow(`port ${everywhere.port} (everywhere) already in use`);
      await expect(assertPortsFree({ spare })).resolves.toBeUndefined();
    } finally {
      await close(local.server);
      await close(everywhere.server);
    }
  });

  it('names every taken port and its service, and how to find the process', async () => {
    const gateway = await listening('127.0.0.1');
    const portal = await listening('127.0.0.1');
    const spare = await freePort();
    try {
      await expect(assertPortsFree({ gateway: gateway.port, worker: spare, portal: portal.port })).rejects.toThrow(
        `ports ${gateway.port} (gateway), ${portal.port} (portal) already in use on 127.0.0.1: probably services left over from an earlier run. \`ss -ltnp 'sport = :${gateway.port}'\``,
      );
      await expect(assertPortsFree({ worker: spare })).resolves.toBeUndefined();
    } finally {
      await close(gateway.server);
      await close(portal.server);
    }
  });
});
