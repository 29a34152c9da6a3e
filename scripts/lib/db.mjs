// Database steps shared by `npm start` and the e2e setup: migrate, seed, create/drop a throwaway database.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from './env.mjs';
import { run, runOrThrow } from './run.mjs';

const MIGRATE = resolve(ROOT, 'libs/db/dist/cli/migrate.js');
const SEED = resolve(ROOT, 'libs/db/dist/cli/seed.js');

function requireBuilt(file) {
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx nx run-many -t build)`);
}

/** Applies all pending migrations to `databaseUrl`. */
export async function migrate(databaseUrl, env = process.env) {
  requireBuilt(MIGRATE);
  await runOrThrow('migrations', process.execPath, [MIGRATE, 'up'], { env: { ...env, DATABASE_URL: databaseUrl } });
}

/**
 * Seeds the demo (idempotent). `seedEnv` carries SLUICE_KEY_PEPPER, SLUICE_ADMIN_EMAIL, SLUICE_ADMIN_PASSWORD,
 * SLUICE_DEMO_API_KEY and MOCK_PROVIDER_URL.
 * @returns {Promise<{ created: boolean, adminEmail: string, adminPassword: string | null, demoApiKey: string | null, orgId: string, teamId: string }>}
 */
export async function seed(databaseUrl, seedEnv, env = process.env) {
  requireBuilt(SEED);
  const { code, stdout } = await run(process.execPath, [SEED], { env: { ...env, ...seedEnv, DATABASE_URL: databaseUrl }, capture: true });
  if (code !== 0) throw new Error(`seed failed (exit code ${code}); see the output above`);
  const line = stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`seed printed no JSON result line; it printed:\n${stdout}`);
  return JSON.parse(line);
}

/** Connects with `pg` to an admin URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) and runs `sql`. */
async function adminQuery(adminUrl, sql) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** URL of database `name` on the server of `adminUrl`. */
export function databaseUrlFor(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(adminUrl, name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return databaseUrlFor(adminUrl, name);
}

export async function dropDatabase(adminUrl, name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Resolves null when Postgres answers at `url`, else the error message. */
export async function postgresProblem(url) {
  try {
    await adminQuery(url, 'SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message || String(err.code ?? err) : String(err);
  }
}
