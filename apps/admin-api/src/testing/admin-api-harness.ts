import { hash as argon2Hash, argon2id } from 'argon2';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createAesGcmCredentialCipher, createDataSource, seedDemo, type MembershipRole } from '@sluice/db';
import { createTestDatabase, createTestRedisPrefix, type TestDatabase, type TestRedisNamespace } from '@sluice/testing';
import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { loadAdminApiConfig, type AdminApiConfig } from '../config/admin-api-config';
import { createAdminApiApp } from '../main';

export const TEST_PASSWORD = 'correct horse battery staple';
export const KEY_PEPPER = 'admin-api-test-pepper-0123456789';

/** A real admin API on a fresh migrated + seeded database and a private Redis prefix, driven through app.inject. */
export interface AdminApiHarness {
  app: NestFastifyApplication;
  config: AdminApiConfig;
  dataSource: DataSource;
  orgId: string;
  teamId: string;
  adminEmail: string;
  redis: TestRedisNamespace;
  close(): Promise<void>;
}

export interface AdminApiHarnessOptions {
  /** Extra admin API env (e.g. `EGRESS_ALLOW_LOOPBACK: 'false'`, `SLUICE_KEK`). Loopback egress is allowed by default: the mock provider is on 127.0.0.1. */
  env?: Record<string, string>;
}

export async function startAdminApiHarness(options: AdminApiHarnessOptions = {}): Promise<AdminApiHarness> {
  const db: TestDatabase = await createTestDatabase();
  const redis = createTestRedisPrefix();
  const dataSource = await createDataSource({ url: db.url }).initialize();
  const seed = await seedDemo(dataSource, {
    keyPepper: KEY_PEPPER,
    credentialCipher: createAesGcmCredentialCipher(randomBytes(32)),
    adminPassword: TEST_PASSWORD,
  });
  const config = loadAdminApiConfig({ DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, SLUICE_KEY_PEPPER: KEY_PEPPER, LOG_LEVEL: 'silent', EGRESS_ALLOW_LOOPBACK: 'true', ...options.env });
  const app = await createAdminApiApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    dataSource,
    orgId: seed.orgId,
    teamId: seed.teamId,
    adminEmail: seed.adminEmail,
    redis,
    async close() {
      await app.close();
      await dataSource.destroy();
      await redis.flush();
      await db.drop();
    },
  };
}

/** A user with the test password and one membership (org-wide when teamId is null). */
export async function createUser(dataSource: DataSource, email: string, orgId: string, role: MembershipRole, teamId: string | null = null): Promise<string> {
  const passwordHash = await argon2Hash(TEST_PASSWORD, { type: argon2id });
  const [user] = (await dataSource.query(`INSERT INTO users (email, display_name, password_hash) VALUES ($1, $1, $2) RETURNING id`, [email, passwordHash])) as Array<{ id: string }>;
  await dataSource.query(`INSERT INTO memberships (user_id, org_id, team_id, role) VALUES ($1, $2, $3, $4)`, [user.id, orgId, teamId, role]);
  return user.id;
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

export async function signIn(app: NestFastifyApplication, email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login of ${email} failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0], csrfToken: (res.json() as { csrfToken: string }).csrfToken };
}
