import { createServer, type Server } from 'node:net';
import { freePort } from './free-port';

const listenOn = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('freePort', () => {
  const workerId = process.env.JEST_WORKER_ID;
  afterEach(() => {
    process.env.JEST_WORKER_ID = workerId;
  });

  it('hands out ports below the kernel ephemeral range, which listen(0) and client connections draw from', async () => {
    for (let i = 0; i < 20; i += 1) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
    }
  });

  it('gives each parallel worker its own band of ports', async () => {
    process.env.JEST_WORKER_ID = '2';
    const second = await freePort();
    process.env.JEST_WORKER_ID = '3';
    const third = await freePort();
    expect(second).toBeGreaterThanOrEqual(22_400);
    expect(second).toBeLessThan(23_600);
    expect(third).toBeGreaterThanOrEqual(23_600);
    expect(third).toBeLessThan(24_800);
  });

  it('skips ports something already listens on', async () => {
    process.env.JEST_WORKER_ID = '9';
    const bandStart = 20_000 + 9 * 1_200;
    const open = bandStart + 600;
    const blockers: Server[] = [];
    try {
      for (let port = bandStart; port < bandStart + 1_200; port += 1) {
        if (port !== open) blockers.push(await listenOn(port).catch(() => null as unknown as Server));
      }
      expect(await freePort()).toBe(open);
    } finally {
      await Promise.all(blockers.filter(Boolean).map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});
