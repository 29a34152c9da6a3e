/**
 * DATABASE_READ_URL: the admin API's analytics and request-log reads go to a read replica. The
 * "replica" here is a second database reached as a separate login role that can only read
 * (SELECT grants, default_transaction_read_only), holding usage the primary does not have: what the
 * API answers can only come from it, and Postgres shows the replica connection under that role.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '@sluice/db';
import { createTestDatabase, DEFAULT_TEST_DATABASE_ADMIN_URL, type TestDatabase } from '@sluice/testing';
import { signIn, startAdminApiHarness, type AdminApiHarness, type SignedIn } from '../testing/admin-api-harness';
import { insertUsage, type UsageFixtureEvent } from '../testing/usage-fixture';

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_TEST_DATABASE_ADMIN_URL;
const FROM = '2026-11-20T00:00:00Z';
const TO = '2026-11-21T00:00:00Z';

async function asAdmin<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('DATABASE_READ_URL: analytics and request-log search read from the replica (real Postgres)', () => {
  let replica: TestDatabase;
  let replicaWriter: DataSource;
  let h: AdminApiHarness;
  let owner: SignedIn;
  const role = `sluice_replica_${randomBytes(4).toString('hex')}`;
  const event = (orgId: string, model: string, minute: number): UsageFixtureEvent => ({
    occurredAt: new Date(Date.parse(FROM) + minute * 60_000),
    orgId,
    teamId: null,
    apiKeyId: null,
    userId: null,
    model,
    provider: 'openai',
    status: 'success',
    httpStatus: 200,
    promptTokens: 10,
    completionTokens: 5,
    costUsd: 0.001,
    latencyMs: 20,
    cacheStatus: 'miss',
    requestId: `req-${model}-${minute}`,
  });

  beforeAll(async () => {
    replica = await createTestDatabase();
    await asAdmin(new URL(replica.url).pathname.slice(1), async (admin) => {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
      await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    });
    const replicaUrl = new URL(replica.url);
    replicaUrl.username = role;
    replicaUrl.password = '';
    h = await startAdminApiHarness({ env: { DATABASE_READ_URL: replicaUrl.toString() } });
    owner = await signIn(h.app, h.adminEmail);

    // The replica knows the org and has three requests of a model the primary never saw.
    replicaWriter = await createDataSource({ url: replica.url }).initialize();
    await replicaWriter.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'Replica copy', $2)`, [h.orgId, `replica-${randomUUID().slice(0, 8)}`]);
    await insertUsage(replicaWriter, [0, 1, 2].map((m) => event(h.orgId, 'replica-model', m)));
    // The primary has one request of another model.
    await insertUsage(h.dataSource, [event(h.orgId, 'primary-model', 5)]);
  });

  afterAll(async () => {
    await h?.close();
    await replicaWriter?.destroy();
    await replica?.drop();
    await asAdmin(new URL(ADMIN_URL).pathname.slice(1), (admin) => admin.query(`DROP ROLE IF EXISTS ${role}`));
  });

  const get = async (url: string) => {
    const res = await h.app.inject({ method: 'GET', url, headers: { cookie: owner.cookie } });
    expect(res.statusCode).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- nested answer shapes
    return res.json() as Record<string, any>;
  };

  it('the dashboard analytics are computed on the replica', async () => {
    const summary = await get(`/api/v1/analytics/summary?from=${FROM}&to=${TO}`);
    expect(summary.totals).toMatchObject({ requests: 3 });
    const breakdown = await get(`/api/v1/analytics/breakdown?from=${FROM}&to=${TO}&by=model`);
    expect((breakdown.items as Array<{ key: string }>).map((i) => i.key)).toEqual(['replica-model']);
  });

  it('the request-log search reads the replica', async () => {
    const logs = await get('/api/v1/request-logs?limit=50');
    expect((logs.items as Array<{ model: string }>).map((l) => l.model)).toEqual(['replica-model', 'replica-model', 'replica-model']);
  });

  it('the replica connection is the read-only role, under its own application name; everything else stays on the primary', async () => {
    const primaryDb = new URL(h.config.DATABASE_URL).pathname.slice(1);
    const sessions = await asAdmin(new URL(ADMIN_URL).pathname.slice(1), async (admin) =>
      (await admin.query<{ usename: string; datname: string }>(`SELECT usename, datname FROM pg_stat_activity WHERE application_name = 'sluice-admin-api-analytics' AND datname IN ($1, $2)`, [replica.name, primaryDb])).rows,
    );
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.usename === role && s.datname === replica.name)).toBe(true);
    // Writes (here: creating a team) go to the primary, not the replica.
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken }, payload: { name: 'written-to-primary' } });
    expect(res.statusCode).toBe(201);
    expect(await h.dataSource.query(`SELECT 1 FROM teams WHERE name = 'written-to-primary'`)).toHaveLength(1);
    expect(await replicaWriter.query(`SELECT 1 FROM teams WHERE name = 'written-to-primary'`)).toHaveLength(0);
  });
});
