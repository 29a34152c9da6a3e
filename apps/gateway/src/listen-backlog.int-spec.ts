import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService, type SpawnedService } from '@sluice/testing';

jest.setTimeout(120_000);

const GATEWAY_ENTRY = join(__dirname, '..', '..', '..', 'apps', 'gateway', 'dist', 'main.js');
const BURST = 1000;

function somaxconn(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Opens `count` connections at once; resolves with how many completed their handshake once `enough`
 * of them did, once the count has not grown for `settleMs`, or after `windowMs`. While the gateway is
 * stopped its accept queue never drains, so handshakes beyond the backlog do not complete later either
 * (SYN retries find the queue still full). Waiting for the count to settle rather than for a fixed
 * time keeps a loaded machine, slow to deliver the 'connect' events, from reading too few.
 */
async function burstOfConnections(port: number, count: number, { enough = count, windowMs, settleMs = windowMs }: { enough?: number; windowMs: number; settleMs?: number }): Promise<{ connected: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  let connected = 0;
  const deadline = Date.now() + windowMs;
  for (let i = 0; i < count; i += 1) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.once('connect', () => (connected += 1));
    sockets.push(socket);
  }
  let seen = 0;
  let grewAt = Date.now();
  while (connected < enough && Date.now() < deadline && (connected === 0 || Date.now() - grewAt < settleMs)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (connected > seen) [seen, grewAt] = [connected, Date.now()];
  }
  return { connected, sockets };
}

/**
 * A burst of new connections while the gateway cannot accept them (here: the process is stopped, as
 * a busy event loop would be for a moment) waits in the kernel's queue, up to GATEWAY_LISTEN_BACKLOG.
 * Beyond it the kernel drops handshakes and clients retry after seconds (the 5,000-stream benchmark
 * lost hundreds of connections that way with Node's default of 511).
 */
describe('gateway listen backlog (GATEWAY_LISTEN_BACKLOG)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-backlog-'));
  const configFile = join(dir, 'sluice.yaml');
  writeFileSync(
    configFile,
    `version: 1
organization: backlog
providers:
  - { name: mock, type: openai, base_url: http://127.0.0.1:9/v1, api_key: unused }
models:
  - name: m
    deployments: [{ provider: mock, model: m }]
keys:
  - { name: k, key: sk-sluice-backlog000000000000000000000000000000 }
`,
  );
  let gateway: SpawnedService | undefined;
  let sockets: Socket[] = [];

  afterEach(async () => {
    if (gateway?.process.pid) process.kill(gateway.process.pid, 'SIGCONT');
    for (const socket of sockets) socket.destroy();
    sockets = [];
    await gateway?.stop(5000);
    gateway = undefined;
  });

  async function startGateway(backlog?: number): Promise<{ port: number; gateway: SpawnedService }> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SLUICE_CONFIG: configFile,
      GATEWAY_PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SLUICE_KEY_PEPPER: 'listen-backlog-pepper-0123456789',
      USAGE_SPOOL_DIR: join(dir, `spool-${port}`),
      ...(backlog ? { GATEWAY_LISTEN_BACKLOG: String(backlog) } : {}),
    };
    delete env.REDIS_URL; // standalone, in-process limits: nothing here needs Redis
    gateway = await spawnService({ name: 'gateway', entry: GATEWAY_ENTRY, env, url: `http://127.0.0.1:${port}`, readyTimeoutMs: 60_000 });
    return { port, gateway };
  }

  it(`queues a burst of ${BURST} connections by default, and serves them once it runs again`, async () => {
    const { port, gateway: started } = await startGateway();
    process.kill(started.process.pid!, 'SIGSTOP');
    const expected = Math.min(BURST, somaxconn());
    const burst = await burstOfConnections(port, BURST, { enough: expected, windowMs: 10_000 });
    sockets = burst.sockets;
    console.log(`listen backlog default: ${burst.connected} of ${BURST} connections completed their handshake while the gateway was stopped (somaxconn ${somaxconn()})`);
    expect(burst.connected).toBeGreaterThanOrEqual(expected);

    process.kill(started.process.pid!, 'SIGCONT');
    // A queued connection is a real client of the gateway once it runs again.
    const answered = await new Promise<string>((resolve, reject) => {
      const socket = burst.sockets[BURST - 1];
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n')) resolve(text);
      });
      socket.once('close', () => reject(new Error(`closed before an answer: ${text}`)));
      socket.write(`GET /health/live HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
    });
    expect(answered).toMatch(/^HTTP\/1\.1 200/);
  });

  it('takes a smaller backlog from GATEWAY_LISTEN_BACKLOG: the kernel completes no more handshakes than that', async () => {
    const { port, gateway: started } = await startGateway(100);
    process.kill(started.process.pid!, 'SIGSTOP');
    const burst = await burstOfConnections(port, BURST, { windowMs: 20_000, settleMs: 1500 });
    sockets = burst.sockets;
    console.log(`GATEWAY_LISTEN_BACKLOG=100: ${burst.connected} of ${BURST} connections completed their handshake while the gateway was stopped`);
    expect(burst.connected).toBeGreaterThanOrEqual(50);
    expect(burst.connected).toBeLessThanOrEqual(150); // 101 here: the queue holds backlog + 1; far below the default either way
  });
});
