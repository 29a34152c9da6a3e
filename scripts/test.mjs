#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it (.ci/run). Stages run in order and stop at the first failure:
//   lint, build, typecheck, unit (jest unit+ui), integration (jest, real Postgres+pgvector and Redis),
//   resilience (the long fault suites in apps/*/src/resilience: outages, kills, many instances; also `npm run test:resilience`), e2e (Playwright),
//   demo (`npm start` itself on its embedded PGlite, driven like a user: e2e/demo),
//   bench (a short smoke run of every benchmark scenario, so they keep working; its figures mean nothing).
// Missing prerequisites are installed first: node_modules (npm ci), pgvector and Chromium (Debian packages).
// At the end: every failed test again (scripts/lib/test-failures.mjs), the stage timings, and a last line
// "N passed, N failed" over all jest and Playwright tests.
//
//   npm test                              everything
//   npm test -- --only unit,integration   a subset (stages: lint build typecheck unit integration resilience e2e demo bench)
//   npm test -- --skip lint               everything but some stages
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyOfflineEnv, bin, ROOT } from './lib/env.mjs';
import { ensureDependencies } from './lib/install.mjs';
import { run } from './lib/run.mjs';
import { redisPing } from './lib/net.mjs';
import { formatFailures, jestFailures, playwrightFailures } from './lib/test-failures.mjs';

// The same default as @sluice/testing: every process that builds the migrated template database must
// take its advisory lock in the same database, or concurrent runs could drop each other's template.
const DEFAULT_TEST_DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

const STAGES = ['lint', 'build', 'typecheck', 'unit', 'integration', 'resilience', 'e2e', 'demo', 'bench'];
// The fault suites (Redis/Postgres outages, SIGTERM drain, many instances, upstream faults) run in their own stage;
// the hostile-input suites in the same folders stay in the integration stage.
const RESILIENCE_SUITES = '/src/resilience/(?!hostile-input)';
const integrationIgnores = createRequire(import.meta.url)('../jest.config.js').projects.find((p) => p.displayName === 'integration').testPathIgnorePatterns;
const RESULTS = resolve(ROOT, 'test-results');
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const say = (msg) => console.log(`${paint('1', '[test]')} ${msg}`);

function parseArgs(argv) {
  const list = (v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let only = null;
  let skip = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[i + 1];
    if (flag === '--only') { only = list(value); if (inline === undefined) i++; }
    else if (flag === '--skip') { skip = list(value); if (inline === undefined) i++; }
    else if (flag === '--help' || flag === '-h') { console.log(`usage: npm test [-- --only ${STAGES.join(',')}] [-- --skip <stages>]`); process.exit(0); }
    else throw new Error(`unknown argument ${argv[i]} (try --only or --skip with: ${STAGES.join(', ')})`);
  }
  for (const s of [...(only ?? []), ...skip]) if (!STAGES.includes(s)) throw new Error(`unknown stage "${s}"; stages are: ${STAGES.join(', ')}`);
  return STAGES.filter((s) => (only ? only.includes(s) : true) && !skip.includes(s));
}

// CI proves that a clean build works: never restore build outputs from a cache there.
const fromScratchInCi = process.env.CI ? ['--skip-nx-cache'] : [];

const totals = { passed: 0, failed: 0 };
const timings = [];
/** Every failed test so far, repeated at the end of the output. */
const failures = [];

/** Adds the counts of a jest --json report; returns false when the report is missing. */
function countJest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  // Suites that failed to run (syntax errors, setup failures) have no failed tests but must count.
  totals.failed += report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.every((a) => a.status !== 'failed')).length;
  failures.push(...jestFailures(report, ROOT));
  return true;
}

/** Adds the counts of Playwright's JSON reporter; returns false when the report is missing. */
function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const { stats, errors = [] } = report;
  failures.push(...playwrightFailures(report));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected + (stats.expected + stats.unexpected + stats.flaky === 0 ? errors.length : 0);
  return true;
}

async function preflightServices(stages) {
  const needsServices = ['integration', 'resilience', 'e2e', 'demo'].some((s) => stages.includes(s));
  if (!needsServices) return;
  const adminUrl = (process.env.TEST_DATABASE_ADMIN_URL ||= DEFAULT_TEST_DATABASE_ADMIN_URL);
  const redisUrl = (process.env.TEST_REDIS_URL ||= 'redis://127.0.0.1:6379');
  const { postgresProblem } = await import('./lib/db.mjs');
  const problem = await postgresProblem(adminUrl);
  if (problem) {
    throw new Error(`Postgres is not reachable at ${adminUrl} (${problem}).\n  Start PostgreSQL (e.g. docker compose -f docker/docker-compose.dev.yml up -d) or set TEST_DATABASE_ADMIN_URL to a superuser URL.`);
  }
  await stage('pgvector', () => run('bash', [resolve(ROOT, 'infra/scripts/ensure-pgvector.sh'), adminUrl]));
  // The Redis Cluster/Sentinel tests start private redis-server processes and need redis-cli (Debian's redis-tools).
  await stage('redis-tools', () => run('bash', [resolve(ROOT, 'infra/scripts/ensure-redis-tools.sh')]));
  if (!(await redisPing(redisUrl))) {
    throw new Error(`Redis is not reachable at ${redisUrl}.\n  Start Redis (e.g. docker compose -f docker/docker-compose.dev.yml up -d) or set TEST_REDIS_URL.`);
  }
  if (stages.includes('e2e') || stages.includes('demo')) await stage('chromium', () => run('bash', [resolve(ROOT, 'infra/scripts/ensure-chromium.sh')]));
}

/** Runs one stage with a banner and a timing; throws when it fails. */
async function stage(name, fn, after) {
  console.log(`\n${paint('7;1', ` ${name.toUpperCase()} `)}\n`);
  const started = performance.now();
  const { code } = await fn();
  const counted = after ? after() : true;
  const seconds = (performance.now() - started) / 1000;
  timings.push([name, seconds, code === 0]);
  say(`${name}: ${code === 0 ? paint(32, 'ok') : paint(31, `FAILED (exit code ${code})`)} in ${seconds.toFixed(1)} s`);
  if (code !== 0) {
    if (!counted) totals.failed += 1; // crashed before writing a report: count the stage as one failure
    throw new StageFailure(name);
  }
}

class StageFailure extends Error {}

async function main() {
  applyOfflineEnv();
  const stages = parseArgs(process.argv.slice(2));
  for (const needsBuild of ['typecheck', 'resilience', 'e2e', 'demo', 'bench']) {
    if (stages.includes(needsBuild) && !stages.includes('build')) {
      say(`${needsBuild} runs the built apps: adding the build stage (cached by nx)`);
      stages.splice(stages.indexOf(needsBuild), 0, 'build');
    }
  }
  say(`stages: ${stages.join(', ')}${process.env.CI ? ' (CI)' : ''}`);
  mkdirSync(RESULTS, { recursive: true });

  await stage('install', async () => ({ code: (await ensureDependencies(say), 0) }));
  await preflightServices(stages);

  const jest = (project, extra) => {
    const out = resolve(RESULTS, `jest-${project}.json`);
    rmSync(out, { force: true });
    return [
      () => run(bin('jest'), ['--selectProjects', ...extra.projects, '--passWithNoTests', '--json', '--outputFile', out, ...(process.env.CI ? ['--ci'] : []), ...extra.args]),
      () => countJest(out),
    ];
  };
  const e2eJson = resolve(RESULTS, 'e2e.json');
  const demoJson = resolve(RESULTS, 'demo.json');

  const steps = {
    lint: () => stage('lint', () => run('npm', ['run', 'lint', '--silent'])),
    // With the typecheck stage to follow, the portal's `next build` skips its own pass over the same types.
    build: () =>
      stage('build', () =>
        run(bin('nx'), ['run-many', '-t', 'build', '--parallel=2', '--outputStyle=static', ...fromScratchInCi], {
          env: { ...process.env, ...(stages.includes('typecheck') ? { SLUICE_PORTAL_TYPES_CHECKED_SEPARATELY: '1' } : {}) },
        }),
      ),
    // The Node projects in one tsc program (tsconfig.typecheck-server.json), the e2e and demo journeys,
    // beside the web projects' own targets. The build stage just ran: the libs' declarations are fresh, nx builds nothing again.
    typecheck: () =>
      stage('typecheck', async () => {
        const results = await Promise.all([
          run(bin('tsc'), ['-p', 'tsconfig.typecheck-server.json']),
          run(bin('tsc'), ['-p', 'e2e/tsconfig.json']),
          run(bin('nx'), ['run-many', '-t', 'typecheck', '--projects=@sluice/portal,@sluice/ui', '--parallel=1', '--outputStyle=static', '--excludeTaskDependencies', ...fromScratchInCi]),
        ]);
        return results.find((r) => r.code !== 0) ?? results[0];
      }),
    unit: () => stage('unit', ...jest('unit', { projects: ['unit', 'ui'], args: ['-w', '2', '--forceExit'] })),
    // --forceExit: a suite that failed half-way can leave a child process or socket behind; the run's
    // result is already written, and a hung runner must never hold CI until its time limit.
    // Two workers: suites wait on spawned processes and databases much of the time (842 s in band, 513 s
    // on two workers, same machine). Each suite has its own database, Redis prefix and port band.
    integration: () => stage('integration', ...jest('integration', { projects: ['integration'], args: ['-w', '2', '--forceExit', '--testPathIgnorePatterns', ...integrationIgnores, RESILIENCE_SUITES] })),
    resilience: () => stage('resilience', ...jest('resilience', { projects: ['integration'], args: ['--runInBand', '--forceExit', '--testPathPatterns', RESILIENCE_SUITES] })),
    e2e: () => {
      rmSync(e2eJson, { force: true });
      return stage('e2e', () => run(bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts'], { env: { ...process.env, SLUICE_E2E_JSON: e2eJson } }), () => countPlaywright(e2eJson));
    },
    demo: () => {
      rmSync(demoJson, { force: true });
      return stage('demo', () => run(bin('playwright'), ['test', '-c', 'e2e/demo/playwright.config.ts'], { env: { ...process.env, SLUICE_DEMO_JSON: demoJson } }), () => countPlaywright(demoJson));
    },
    bench: () => stage('bench', () => run('node', ['bench/run.mjs', '--smoke', '--out', resolve(RESULTS, 'bench')])),
  };
  for (const name of stages) await steps[name]();
}

const startedAt = performance.now();
let exitCode = 0;
try {
  await main();
} catch (err) {
  exitCode = 1;
  if (!(err instanceof StageFailure)) console.error(`\n[test] ERROR: ${err instanceof Error ? err.message : err}`);
}
console.log('');
if (failures.length > 0) console.log(`${paint('7;1', ' FAILURES ')}\n\n${formatFailures(failures)}\n`);
for (const [name, seconds, ok] of timings) say(`${(ok ? 'ok ' : 'FAIL').padEnd(4)} ${name.padEnd(12)} ${seconds.toFixed(1).padStart(7)} s`);
say(`total ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
if (exitCode === 0 && totals.failed > 0) exitCode = 1;
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(exitCode);
