#!/usr/bin/env node
// `npm start`: install, build, prepare Postgres (DATABASE_URL or embedded PGlite) and Redis, migrate, seed the
// demo, start all five services, wait until they are ready and print how to use them. Ctrl-C stops everything.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyOfflineEnv, bin, ROOT } from './lib/env.mjs';
import { ensureDependencies } from './lib/install.mjs';
import { runOrThrow } from './lib/run.mjs';
import { Supervisor } from './lib/supervisor.mjs';
import { ensureRedis } from './lib/redis.mjs';
import { migrate, seed } from './lib/db.mjs';
import { DEV_KEY_PEPPER, serviceDefinitions, serviceUrls } from './lib/services.mjs';
import { assertPortsFree, waitForHttpOk } from './lib/net.mjs';
import { startOptions } from './lib/start-options.mjs';
import { demoAuditSigningKey } from './lib/audit-signing-key.mjs';

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const bold = (s) => (color ? `\x1b[1m${s}\x1b[0m` : s);
const step = (msg) => console.log(`${bold('[start]')} ${msg}`);

const infra = new Supervisor({ onUnexpectedExit: (name) => shutdown(1, `${name} stopped`) });
const services = new Supervisor({ onUnexpectedExit: (name) => shutdown(1, `${name} stopped`) });
let pglite = null;
let shuttingDown = false;

async function shutdown(code, reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  step(`stopping (${reason})`);
  await services.stopAll({ graceMs: 10_000 });
  await infra.stopAll({ graceMs: 5_000 });
  if (pglite) await pglite.close().catch((err) => console.error(`[start] closing PGlite: ${err.message}`));
  step('stopped');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0, 'SIGINT'));
process.on('SIGTERM', () => shutdown(0, 'SIGTERM'));

async function prepareDatabase({ pglitePort: port, stateDir }) {
  if (process.env.DATABASE_URL) {
    step('database: DATABASE_URL');
    return process.env.DATABASE_URL;
  }
  const dataDir = resolve(stateDir, 'pgdata');
  step(`database: embedded PGlite with pgvector on 127.0.0.1:${port} (data in ${dataDir}; set DATABASE_URL to use your own Postgres)`);
  const { startPgliteServer } = await import('./lib/pglite-server.mjs');
  pglite = await startPgliteServer({ dataDir, port, maxConnections: 30 });
  return pglite.url;
}

/** Demo secrets are returned by the seed only when it creates them; keep them in the state directory to show them again. */
function demoCredentials(result, stateDir) {
  const credentialsFile = resolve(stateDir, 'demo-credentials.json');
  const saved = existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, 'utf8')) : null;
  const fresh = {
    orgId: result.orgId,
    adminEmail: result.adminEmail,
    adminPassword: process.env.SLUICE_ADMIN_PASSWORD || result.adminPassword || (saved?.orgId === result.orgId ? saved.adminPassword : null),
    demoApiKey: process.env.SLUICE_DEMO_API_KEY || result.demoApiKey || (saved?.orgId === result.orgId ? saved.demoApiKey : null),
  };
  if (result.adminPassword || result.demoApiKey) {
    writeFileSync(credentialsFile, JSON.stringify(fresh, null, 2) + '\n');
    chmodSync(credentialsFile, 0o600);
  }
  return fresh;
}

function printBanner(urls, creds, auditPublicKeyPath) {
  const key = creds.demoApiKey ?? '<your demo key>';
  const unknown = '(set on first run and not stored here; set SLUICE_ADMIN_PASSWORD / SLUICE_DEMO_API_KEY to choose them)';
  const lines = [
    '',
    bold('Sluice is running. Ctrl-C stops everything.'),
    '',
    `  Portal          ${urls.portal}`,
    `  Gateway         ${urls.gateway}/v1   (OpenAI-compatible)`,
    `  Admin API       ${urls.adminApi}/api/v1`,
    `  Mock provider   ${urls.mockProvider}`,
    '',
    `  Admin login     ${creds.adminEmail} / ${creds.adminPassword ?? unknown}`,
    `  Demo API key    ${creds.demoApiKey ?? unknown}`,
    `  Audit exports   signed; verify a download offline with`,
    `                  node libs/audit/dist/cli/verify-export.js <export file> <manifest.json> ${auditPublicKeyPath}`,
    '',
    bold('Try it:'),
    '',
    `  curl -s ${urls.gateway}/v1/chat/completions \\`,
    `    -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`,
    `    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'`,
    '',
    `  // node (npm install openai)`,
    `  import OpenAI from 'openai';`,
    `  const client = new OpenAI({ baseURL: '${urls.gateway}/v1', apiKey: '${key}' });`,
    `  const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });`,
    `  console.log(res.choices[0].message.content);`,
    '',
  ];
  console.log(lines.join('\n'));
}

async function main() {
  applyOfflineEnv();
  const options = startOptions(process.env);
  const { ports, stateDir } = options;
  mkdirSync(stateDir, { recursive: true });
  await assertPortsFree(process.env.DATABASE_URL ? ports : { ...ports, pglite: options.pglitePort });

  await ensureDependencies(step);
  step('build (nx, cached)');
  await runOrThrow('build', bin('nx'), ['run-many', '-t', 'build', '--parallel=2', '--outputStyle=static'], { cwd: ROOT });

  const databaseUrl = await prepareDatabase(options);
  const redisUrl = await ensureRedis({ stateDir, supervisor: infra, log: (m) => step(`redis: ${m}`) });
  step(`redis: ${redisUrl}`);

  const keyPepper = process.env.SLUICE_KEY_PEPPER || DEV_KEY_PEPPER;
  const urls = serviceUrls(ports);
  step('migrations');
  await migrate(databaseUrl);
  step('seed');
  const result = await seed(databaseUrl, { SLUICE_KEY_PEPPER: keyPepper, MOCK_PROVIDER_URL: urls.mockProvider });
  step(result.created ? 'seeded the demo organisation' : 'demo already seeded: kept as it is');
  const creds = demoCredentials(result, stateDir);
  const auditSigning = demoAuditSigningKey(stateDir);

  const env = {
    ...process.env,
    USAGE_SPOOL_DIR: process.env.USAGE_SPOOL_DIR || resolve(stateDir, 'spool'),
    EXPORTS_DIR: process.env.EXPORTS_DIR || resolve(stateDir, 'exports'),
  };
  const defs = serviceDefinitions({ ports, databaseUrl, redisUrl, keyPepper, env, queuePrefix: process.env.QUEUE_PREFIX || 'sluice', embeddedDatabase: pglite !== null, auditSigningKey: auditSigning.privateKey });
  for (const def of defs) {
    if (!existsSync(def.entry)) throw new Error(`${def.entry} is missing: the ${def.name} build did not produce it`);
    services.start(def);
  }
  step('waiting for /health/ready of every service');
  await Promise.all(defs.map((def) => waitForHttpOk(def.readyUrl, { timeoutMs: 90_000, failed: () => services.failure(def.name) })));
  printBanner(urls, creds, auditSigning.publicKeyPath);
}

main().catch((err) => {
  console.error(`\n[start] ERROR: ${err instanceof Error ? err.message : err}`);
  shutdown(1, 'error');
});
