import { MIGRATIONS } from './index';
import { MIGRATIONS_TABLE } from '../data-source';
import { createScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';

jest.setTimeout(60_000);

const TABLES = [
  'api_keys', 'audit_events', 'audit_retention_purges', 'budget_spend_settlements', 'config_versions', 'deployments', 'export_jobs', 'memberships', 'model_access_requests', 'models', 'organizations',
  'policies', 'policy_attachments', 'providers', 'provisioned_memberships', 'request_logs', 'request_logs_default', 'scim_group_members', 'scim_groups', 'scim_tokens', 'scim_users', 'semantic_cache_entries', 'service_account_tokens', 'service_accounts', 'sso_connections', 'sso_group_mappings', 'sso_identities', 'teams', 'totp_credentials', 'usage_rollups', 'usage_team_rollups', 'users', 'webhook_deliveries', 'webhooks',
];

describe('migrations', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase();
  });

  afterAll(() => db.drop());

  async function tables(): Promise<string[]> {
    const rows = (await db.dataSource.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename",
      [MIGRATIONS_TABLE],
    )) as Array<{ tablename: string }>;
    return rows.map((r) => r.tablename);
  }

  it('go up, all the way down, and up again', async () => {
    const applied = await db.dataSource.runMigrations({ transaction: 'all' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables()).toEqual(TABLES);
    const [vector] = (await db.dataSource.query("SELECT extname FROM pg_extension WHERE extname = 'vector'")) as unknown[];
    expect(vector).toBeDefined();

    for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).toEqual([]);
    expect(await db.dataSource.showMigrations()).toBe(true);

    await db.dataSource.runMigrations({ transaction: 'all' });
    expect(await tables()).toEqual(TABLES);
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('match the entities (no schema drift between decorators and SQL)', async () => {
    const diff = await db.dataSource.driver.createSchemaBuilder().log();
    // Only report statements that would change columns or tables the entities describe.
    const drift = diff.upQueries.map((q) => q.query).filter((q) => !/INDEX|CONSTRAINT|typeorm_metadata/i.test(q));
    expect(drift).toEqual([]);
  });
});
