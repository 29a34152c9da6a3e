// Small network probes used before starting or testing anything.
import { createConnection } from 'node:net';

/** Sends a Redis PING to host:port; resolves true on +PONG (or an auth error: something is there). */
export function redisPing(url, timeoutMs = 1500) {
  const { hostname, port } = new URL(url);
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

/** Resolves true when a TCP connection to host:port succeeds. */
export function tcpReachable(host, port, timeoutMs = 1500) {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => done(true));
  });
}

/**
 * Polls `url` until it answers 2xx. Rejects after `timeoutMs`, or as soon as `failed()` returns a
 * reason (e.g. the process that should serve it exited).
 */
export async function waitForHttpOk(url, { timeoutMs = 60_000, intervalMs = 250, failed = () => null } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(`${url} will not become ready: ${reason}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = err instanceof Error ? (err.cause?.code ?? err.message) : String(err);
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Refuses to start services on ports something already listens on — typically a service left over
 * from an earlier run that was killed without its teardown. Without this check the new service dies
 * with EADDRINUSE, and its readiness probe could be answered by the old one, from another database.
 * @param {Record<string, number>} ports service name → port
 */
export async function assertPortsFree(ports, host = '127.0.0.1') {
  const taken = [];
  for (const [name, port] of Object.entries(ports)) {
    if (await tcpReachable(host, port)) taken.push({ name, port });
  }
  if (taken.length === 0) return;
  const [{ port: first }] = taken;
  throw new Error(
    `port${taken.length > 1 ? 's' : ''} ${taken.map(({ name, port }) => `${port} (${name})`).join(', ')} already in use on ${host}: probably services left over from an earlier run. ` +
      `\`ss -ltnp 'sport = :${first}'\` shows which process holds ${first}; stop it and start again.`,
  );
}
