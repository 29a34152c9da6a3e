import { createServer } from 'node:net';

/**
 * Ports handed out for services a test starts as separate processes come from below the kernel's
 * ephemeral range (32768–60999 on Linux), in a band of their own for each parallel test worker.
 *
 * Why: a port taken by binding port 0 and releasing it is back in the ephemeral pool at once. Another
 * Jest worker that then listens on port 0 (in-process servers do) or opens a client connection may
 * get it before the spawned service binds it; the service fails to listen, and the readiness poll is
 * answered by the other worker's server — a test then talks to someone else's gateway and sees none
 * of its own config changes. Ports outside the pool and outside the other workers' bands avoid that.
 */
const FIRST_PORT = 20_000;
const BAND_SIZE = 1_200;
const BANDS = 10;

/** Jest and Playwright number their workers; anything else (benchmarks, scripts) uses band 0. */
function band(): number {
  const jest = Number(process.env.JEST_WORKER_ID);
  if (Number.isInteger(jest) && jest > 0) return jest % BANDS;
  const playwright = Number(process.env.TEST_PARALLEL_INDEX);
  if (Number.isInteger(playwright) && playwright >= 0) return (playwright + 1) % BANDS;
  return 0;
}

// A random start: each test file gets a fresh module registry, so a counter alone would restart at
// the band's first port for every file a worker runs.
let offset = Math.floor(Math.random() * BAND_SIZE);

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago and that no other test worker will be given. */
export async function freePort(): Promise<number> {
  const start = FIRST_PORT + band() * BAND_SIZE;
  for (let tried = 0; tried < BAND_SIZE; tried += 1) {
    const port = start + (offset % BAND_SIZE);
    offset += 1;
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${start}–${start + BAND_SIZE - 1}`);
}
