import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateDevSigningKey } from '@sluice/audit';
import { deleteQueueKeys } from './queue-keys';
import { seedRoleUsers } from './seed-users';
import { startE2eIdentityProvider } from './sso';
import { publishPortalUsers, publishStack } from './stack';

const root = resolve(__dirname, '..', '..');
const lib = (name: string) => resolve(root, 'scripts', 'lib', name);

/** Ports of the e2e stack: the defaults + 10000, so a running `npm start` does not collide. */
const PORTS = { gateway: 14000, adminApi: 14100, worker: 14200, mockProvider: 14300, portal: 13000 };
/** The OpenID Provider (oidc-provider) the portal's SSO sign-in goes through. */
const OIDC_PROVIDER_PORT = 14400;

export interface RunningStack {
  stop(): Promise<void>;
}

declare global {
  var __sluiceE2eStack: RunningStack | undefined;
}

/**
 * Starts the platform for the e2e tests: a fresh database (migrated and seeded with a fixed demo key), a queue
 * prefix of its own in the shared Redis, and all five services from the built dist on PORTS.
 * Service logs go to test-results/e2e-services.log.
 */
export default async function globalSetup(): Promise<void> {
  const [{ Supervisor }, db, { serviceDefinitions, serviceUrls, DEV_KEY_PEPPER }, { waitForHttpOk, redisPing, assertPortsFree }] = await Promise.all([
    import(lib('supervisor.mjs')),
    import(lib('db.mjs')),
    import(lib('services.mjs')),
    import(lib('net.mjs')),
  ]);

  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await redisPing(redisUrl))) throw new Error(`Redis does not answer at ${redisUrl}; start it or set TEST_REDIS_URL`);
  await assertPortsFree({ ...PORTS, oidcProvider: OIDC_PROVIDER_PORT });

  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dbName = `sluice_e2e_${runId}`;
  const queuePrefix = `e2e_${runId}`;
  const demoApiKey = `sk-sluice-e2e${randomBytes(24).toString('base64url')}`;
  const userPassword = randomBytes(12).toString('base64url');
  const auditKey = generateDevSigningKey();
  const urls = serviceUrls(PORTS);

  const resultsDir = resolve(root, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const logFile = resolve(resultsDir, 'e2e-services.log');
  const logStream = createWriteStream(logFile);
  const supervisor = new Supervisor({ output: logStream, color: false, pretty: false });
  let identityProvider: { stop(): Promise<void>; service: { output(): string } } | null = null;

  const databaseUrl = await db.createDatabase(adminUrl, dbName);
  const stop = async () => {
    if (identityProvider) {
      await identityProvider.stop().catch((err: Error) => console.error(`[e2e] could not stop the OIDC provider: ${err.message}`));
      logStream.write(`--- oidc-provider output ---\n${identityProvider.service.output()}\n`);
    }
    await supervisor.stopAll({ graceMs: 10_000 });
    await new Promise<void>((done) => logStream.end(done));
    await db.dropDatabase(adminUrl, dbName).catch((err: Error) => console.error(`[e2e] could not drop ${dbName}: ${err.message}`));
    await deleteQueueKeys(redisUrl, queuePrefix).catch((err: Error) => console.error(`[e2e] could not delete Redis keys ${queuePrefix}:*: ${err.message}`));
  };
  globalThis.__sluiceE2eStack = { stop };

  try {
    await db.migrate(databaseUrl);
    const seeded = await db.seed(databaseUrl, {
      SLUICE_KEY_PEPPER: DEV_KEY_PEPPER,
      SLUICE_ADMIN_EMAIL: 'admin@e2e.sluice.test',
      SLUICE_ADMIN_PASSWORD: userPassword,
      SLUICE_DEMO_API_KEY: demoApiKey,
      MOCK_PROVIDER_URL: urls.mockProvider,
    });
    // One break-glass user per role for the portal journeys, all with the admin's password.
    publishPortalUsers(await seedRoleUsers(databaseUrl, seeded, userPassword), userPassword, auditKey.publicKeyPem);
    const defs = serviceDefinitions({
      ports: PORTS,
      databaseUrl,
      redisUrl,
      queuePrefix,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        USAGE_SPOOL_DIR: resolve(root, '.sluice', `e2e-spool-${runId}`),
        // Audit exports: one directory for the worker (writes) and the admin API (serves), and a known signing key.
        EXPORTS_DIR: resolve(root, '.sluice', `e2e-exports-${runId}`),
        SLUICE_AUDIT_SIGNING_KEY: auditKey.privateKeyBase64,
        // SSO redirect URIs and SAML ACS URLs are built from this: the browser reaches the admin API through the portal.
        PUBLIC_BASE_URL: urls.portal,
      },
    });
    for (const def of defs) {
      if (!existsSync(def.entry)) throw new Error(`${def.entry} is missing: build first (npx nx run-many -t build)`);
      supervisor.start(def);
    }
    await Promise.all(
      defs.map((def: { name: string; readyUrl: string }) =>
        waitForHttpOk(def.readyUrl, { timeoutMs: 90_000, failed: () => supervisor.failure(def.name) }),
      ),
    );
    identityProvider = await startE2eIdentityProvider({ adminApiUrl: urls.adminApi, adminEmail: seeded.adminEmail, adminPassword: userPassword, teamId: seeded.teamId, port: OIDC_PROVIDER_PORT });
  } catch (err) {
    await stop();
    throw new Error(`e2e stack did not start (service logs: ${logFile}): ${err instanceof Error ? err.message : err}`);
  }

  publishStack({ gatewayUrl: urls.gateway, adminApiUrl: urls.adminApi, portalUrl: urls.portal, mockProviderUrl: urls.mockProvider, demoApiKey });
}
