#!/usr/bin/env node
// `npm run bench` — runs the benchmark scenarios and writes bench/results/<date>.md (+ SVG charts).
// `npm run bench -- --smoke` runs each scenario briefly (CI keeps them working; figures meaningless).
// `--out <dir>` writes the report elsewhere (npm test puts its smoke run under test-results/bench).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from './lib/report.mjs';
import { proxyOverhead } from './scenarios/proxy-overhead.mjs';
import { configPropagation } from './scenarios/config-propagation.mjs';
import { streaming } from './scenarios/streaming.mjs';
import { usageIngestion } from './scenarios/usage-ingestion.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const smoke = process.argv.includes('--smoke');
const outIndex = process.argv.indexOf('--out');
const resultsDir = outIndex > 0 ? process.argv[outIndex + 1] : join(ROOT, 'bench/results');
const log = (line) => console.log(`[bench] ${line}`);

const NOT_YET = [
  { scenario: 'dashboard queries over 10 M request logs', target: 'p95 < 150 ms', measured: 'not measured yet (scenario not built)', holds: 'unknown' },
  { scenario: 'semantic cache lookup at 1 M entries', target: 'p95 < 10 ms, recall@1 ≥ 0.95', measured: 'not measured yet (scenario not built)', holds: 'unknown' },
  { scenario: 'audit export of 1 M events', target: '< 20 s, worker RSS < 300 MB', measured: 'not measured yet (scenario not built)', holds: 'unknown' },
];

async function main() {
  for (const dist of ['apps/gateway/dist/main.js', 'apps/mock-provider/dist/main.js', 'apps/admin-api/dist/main.js', 'libs/db/dist/cli/seed.js', 'libs/testing/dist/index.js', 'apps/worker/dist/main.js']) {
    if (!existsSync(join(ROOT, dist))) {
      log('building the services first (npm run build)');
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_NO_CLOUD: 'true' } });
      break;
    }
  }
  const date = new Date().toISOString().slice(0, 10) + (smoke ? '-smoke' : '');
  const overhead = await proxyOverhead({ smoke, log });
  const streams = await streaming({ smoke, log });
  const propagation = await configPropagation({ smoke, log });
  const ingestion = await usageIngestion({ smoke, log });
  const { markdown, charts } = renderReport({ date, smoke, overhead, streams, propagation, ingestion, notes: NOT_YET });
  const dir = resultsDir;
  mkdirSync(join(dir, date), { recursive: true });
  writeFileSync(join(dir, `${date}.md`), markdown);
  for (const [name, svg] of Object.entries(charts)) writeFileSync(join(dir, date, name), svg);
  writeFileSync(join(dir, date, 'raw.json'), JSON.stringify({ overhead, streams, propagation, ingestion }, null, 2));
  log(`report: ${join(dir, `${date}.md`)}`);
  process.stdout.write(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
