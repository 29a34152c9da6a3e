import { readFileSync } from 'node:fs';

/**
 * Node.js flags each service is started with, wherever it is started: `npm start` (services.mjs), the
 * benchmarks (bench/), and the images (docker/<app>.Dockerfile CMD; tools/infra/compose.spec.ts checks
 * that they match node-flags.json).
 *
 * worker: a 4 MiB young-generation semi-space instead of V8's 16 MiB. The worker streams large jobs
 * (audit exports of millions of events, usage batches) whose short-lived rows fill the young
 * generation whatever its size; at 16 MiB it adds ≈ 30 MiB of RSS (1 M-event audit export: peak
 * 284–296 MiB → 257–262 MiB) with the same export time and ingestion rate (bench/fixes.md).
 */
export const NODE_FLAGS = JSON.parse(readFileSync(new URL('./node-flags.json', import.meta.url), 'utf8'));
