import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@sluice/db';
import { createTestDatabase, tamperAsSuperuser, type TestDatabase } from '@sluice/testing';
import { appendAuditEvent } from '../writer/append-audit-event';
import type { AuditEventInput } from '../writer/audit-event-input';

/** A migrated database of its own, a DataSource on it, and helpers to build and tamper with chains. */
export interface AuditFixture {
  db: TestDatabase;
  dataSource: DataSource;
  createOrg(): Promise<string>;
  /** Appends `count` events to the org, each in its own transaction. */
  appendEvents(orgId: string, count: number, overrides?: (i: number) => Partial<AuditEventInput>): Promise<void>;
  /** Runs SQL as the superuser with the append-only triggers switched off, the way an attacker with DBA access would. */
  tamper(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export function sampleEvent(orgId: string, i: number): AuditEventInput {
  return {
    orgId,
    actor: { type: 'user', id: `user-${i % 3}`, authMethod: 'password' },
    action: i % 2 ? 'api_key.created' : 'team.updated',
    target: { type: i % 2 ? 'api_key' : 'team', id: `t-${i}` },
    before: i % 2 ? null : { name: `team ${i}`, budget: i * 1.5 },
    after: { name: `after ${i}`, tags: ['a', 'b'], nested: { n: i, ok: true } },
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 "quoted", comma',
    result: i % 5 === 0 ? 'denied' : 'success',
    requestId: `req-${i}`,
  };
}

export async function createAuditFixture(poolSize = 10): Promise<AuditFixture> {
  const db = await createTestDatabase();
  const dataSource = await createDataSource({ url: db.url, poolSize, applicationName: 'sluice-audit-spec' }).initialize();
  return {
    db,
    dataSource,
    async createOrg() {
      const slug = `org-${randomUUID().slice(0, 8)}`;
      const [{ id }] = (await dataSource.query('INSERT INTO organizations (name, slug) VALUES ($1, $1) RETURNING id', [slug])) as Array<{ id: string }>;
      return id;
    },
    async appendEvents(orgId, count, overrides) {
      for (let i = 1; i <= count; i++) {
        await dataSource.transaction((manager) => appendAuditEvent(manager, { ...sampleEvent(orgId, i), ...overrides?.(i) }));
      }
    },
    tamper: (sql, params = []) => tamperAsSuperuser(db.url, sql, params),
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}
