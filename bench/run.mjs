#!/usr/bin/env node
// `npm run bench` — runs the benchmark scenarios and writes bench/results/<date>.md (+ SVG charts).
// `npm run bench -- --smoke` runs each scenario briefly (CI keeps them working; figures meaningless).
// `--medium`: the data-heavy scenarios at a tenth of full scale (1 M request logs, 100 k cache entries, 100 k audit events).
// `--only dashboard,semantic-cache` runs some scenarios (names below); the others are reported as not run.
// `--out <dir>` writes the report elsewhere (npm test puts its smoke run under test-results/bench).
// `--render <name>` rewrites <name>.md and its charts from <name>/raw.json without running anything
// (after editing fixes.md or the report layout).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeMachine } from './lib/machine-probe.mjs';
import { machineOf, renderReport } from './lib/report.mjs';
import { proxyOverhead } from './scenarios/proxy-overhead.mjs';
import { gatewayAllocations } from './scenarios/gateway-allocations.mjs';
import { configPropagation } from './scenarios/config-propagation.mjs';
import { streaming } from './scenarios/streaming.mjs';
import { usageIngestion } from './scenarios/usage-ingestion.mjs';
import { dashboardQueries } from './scenarios/dashboard-queries.mjs';
import { semanticCacheLookup } from './scenarios/semantic-cache.mjs';
import { auditExport } from './scenarios/audit-export.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const medium = args.includes('--medium');
const valueOf = (flag) => (args.indexOf(flag) >= 0 ? args[args.indexOf(flag) + 1] : undefined);
const resultsDir = valueOf('--out') ?? join(ROOT, 'bench/results');
const log = (line) => console.log(`[bench] ${line}`);

/** Report key → scenario. Run in this order. */
const SCENARIOS = {
  overhead: proxyOverhead,
  allocations: gatewayAllocations,
  streams: streaming,
  propagation: configPropagation,
  ingestion: usageIngestion,
  dashboard: dashboardQueries,
  semanticCache: semanticCacheLookup,
  auditExport,
};
const NAMES = { overhead: 'proxy-overhead', allocations: 'gateway-allocations', streams: 'streaming', propagation: 'config-propagation', ingestion: 'usage-ingestion', dashboard: 'dashboard', semanticCache: 'semantic-cache', auditExport: 'audit-export' };
const MEDIUM = { dashboardRows: 1_000_000, semanticEntries: 100_000, auditEvents: 100_000 };

function writeReport(dir, date, results) {
  const { markdown, charts } = renderReport({ date, smoke: date.endsWith('-smoke'), medium: date.endsWith('-medium'), ...results });
  mkdirSync(join(dir, date), { recursive: true });
  writeFileSync(join(dir, `${date}.md`), markdown);
  for (const [name, svg] of Object.entries(charts)) writeFileSync(join(dir, date, name), svg);
  log(`report: ${join(dir, `${date}.md`)}`);
  return markdown;
}

async function main() {
  const render = valueOf('--render');
  if (render) {
    const raw = join(resultsDir, render, 'raw.json');
    if (!existsSync(raw)) throw new Error(`${raw} not found`);
    writeReport(resultsDir, render, JSON.parse(readFileSync(raw, 'utf8')));
    return;
  }
  const only = valueOf('--only')?.split(',');
  const unknown = only?.filter((name) => !Object.values(NAMES).includes(name)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.values(NAMES).join(', ')}`);
  for (const dist of ['apps/gateway/dist/main.js', 'apps/mock-provider/dist/main.js', 'apps/admin-api/dist/main.js', 'libs/db/dist/cli/seed.js', 'libs/testing/dist/index.js', 'apps/worker/dist/main.js']) {
    if (!existsSync(join(ROOT, dist))) {
      log('building the services first (npm run build)');
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_NO_CLOUD: 'true' } });
      break;
    }
  }
  const date = new Date().toISOString().slice(0, 10) + (smoke ? '-smoke' : medium ? '-medium' : '');
  const rawFile = join(resultsDir, date, 'raw.json');
  const earlier = args.includes('--merge') && existsSync(rawFile) ? JSON.parse(readFileSync(rawFile, 'utf8')) : null;
  if (earlier && JSON.stringify(earlier.machine) !== JSON.stringify(machineOf())) throw new Error(`--merge: ${rawFile} was measured on another machine`);
  const startedAt = new Date().toISOString();
  const { timings: earlierTimings, runs: earlierRuns, ...earlierResults } = earlier ?? {};
  const probe = await probeMachine({ smoke });
  log(`machine probe: loopback round trip p50 ${probe.loopback.p50Us} µs, p99 ${probe.loopback.p99Us} µs; random memory read ${probe.memoryReadNs['4MiB']} ns (4 MiB), ${probe.memoryReadNs['64MiB']} ns (64 MiB)`);
  const results = { ...earlierResults, machine: machineOf(), probesByRun: { ...earlierResults.probesByRun, [startedAt]: probe } };
  const timings = { ...earlierTimings };
  // Earlier scenarios without a recorded start (raw.json from before --merge existed) get the file's time.
  const earlierAt = earlier ? statSync(rawFile).mtime.toISOString() : null;
  const runs = { ...Object.fromEntries(Object.entries(NAMES).filter(([key]) => earlier?.[key]).map(([, name]) => [name, earlierAt])), ...earlierRuns };
  for (const [key, scenario] of Object.entries(SCENARIOS)) {
    if (only && !only.includes(NAMES[key])) continue;
    const started = Date.now();
    results[key] = await scenario({ smoke, log, scale: medium && !smoke ? MEDIUM : undefined });
    timings[NAMES[key]] = (Date.now() - started) / 1000;
    runs[NAMES[key]] = startedAt;
    log(`${NAMES[key]} took ${timings[NAMES[key]].toFixed(1)} s`);
  }
  const markdown = writeReport(resultsDir, date, { ...results, runs });
  writeFileSync(join(resultsDir, date, 'raw.json'), JSON.stringify({ ...results, timings, runs }, null, 2));
  process.stdout.write(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
