import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';

const ECHO_SERVER = new URL('./echo-server.mjs', import.meta.url).pathname;

/**
 * The round trip of one byte between two processes over loopback TCP, one every 2 ms (the pace of
 * the 500 RPS runs). Every hop a request takes (client → gateway → Redis → upstream) pays it.
 */
export async function loopbackRoundTrip({ samples = 2000, gapMs = 2 } = {}) {
  const server = spawn(process.execPath, [ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [first] = await once(server.stdout, 'data');
    const socket = connect(Number(first.toString().trim()), '127.0.0.1');
    socket.setNoDelay(true);
    await once(socket, 'connect');
    const roundTripsUs = [];
    for (let i = 0; i < samples + 100; i += 1) {
      const started = process.hrtime.bigint();
      socket.write('x');
      await once(socket, 'data');
      if (i >= 100) roundTripsUs.push(Number(process.hrtime.bigint() - started) / 1000);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    socket.destroy();
    roundTripsUs.sort((a, b) => a - b);
    const at = (q) => Math.round(roundTripsUs[Math.min(roundTripsUs.length - 1, Math.floor(q * roundTripsUs.length))]);
    return { samples, gapMs, p50Us: at(0.5), p99Us: at(0.99) };
  } finally {
    server.kill('SIGTERM');
  }
}

/**
 * Nanoseconds per dependent random read over a working set of `mib` MiB (a pointer chase through one
 * random cycle, so neither the prefetcher nor out-of-order execution hides the latency). 4 MiB fits
 * any server CPU's L3 cache; 64 MiB does not.
 */
export function memoryReadLatencyNs(mib, reads = 5_000_000) {
  const n = (mib * 1024 * 1024) / 4;
  const next = new Int32Array(n);
  for (let i = 0; i < n; i += 1) next[i] = i;
  // Sattolo's shuffle: a single cycle through every slot.
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * i);
    [next[i], next[j]] = [next[j], next[i]];
  }
  let at = 0;
  for (let i = 0; i < reads / 5; i += 1) at = next[at];
  const started = process.hrtime.bigint();
  for (let i = 0; i < reads; i += 1) at = next[at];
  const ns = Number(process.hrtime.bigint() - started) / reads;
  return at < 0 ? -1 : Math.round(ns * 10) / 10;
}

/**
 * Figures that tell machines apart where the CPU model does not: two VMs both reported as
 * "2 × AMD EPYC" ran the same governed gateway at ≈ 600 µs and ≈ 1.7 ms of CPU per request at 500 RPS.
 */
export async function probeMachine({ smoke = false } = {}) {
  return {
    loopback: await loopbackRoundTrip({ samples: smoke ? 200 : 2000 }),
    memoryReadNs: { '4MiB': memoryReadLatencyNs(4), '64MiB': memoryReadLatencyNs(64) },
  };
}
