import { randomBytes } from 'node:crypto';
import { createAesGcmCredentialCipher, createDataSource, loadConfigSnapshot, seedDemo } from '@sluice/db';
import { createTestDatabase, type TestDatabase } from '@sluice/testing';
import type { DataSource } from 'typeorm';
import { rekeyAllOrganizations } from './rekey-credentials.cli';

describe('rekey-credentials CLI: KEK rotation across every organization (real Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ url: db.url }).initialize();
    await seedDemo(dataSource, { keyPepper: 'rekey-test-pepper-0123456789', credentialCipher: createAesGcmCredentialCipher(oldKek) });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('re-seals every credential under the new key, audits as the system, and is idempotent', async () => {
    const rotated = createAesGcmCredentialCipher(newKek, [oldKek]);
    const [first] = await rekeyAllOrganizations(dataSource, rotated);
    expect(first).toMatchObject({ currentKeyId: rotated.currentKeyId, rekeyed: 2, alreadyCurrent: 0, failed: [] });
    const keyIds = (await dataSource.query('SELECT DISTINCT credentials_key_id FROM providers WHERE credentials_key_id IS NOT NULL')) as Array<{ credentials_key_id: string }>;
    expect(keyIds).toEqual([{ credentials_key_id: rotated.currentKeyId }]);

    const onlyNew = createAesGcmCredentialCipher(newKek);
    const snapshot = await loadConfigSnapshot(dataSource, { decryptCredential: (sealed) => onlyNew.decrypt(sealed) });
    expect(snapshot.providers.map((p) => p.apiKey)).toEqual(['mock-key', 'mock-key']);
    const events = (await dataSource.query(`SELECT actor_type, action FROM audit_events WHERE action = 'provider.credentials_rekeyed'`)) as unknown[];
    expect(events).toEqual([{ actor_type: 'system', action: 'provider.credentials_rekeyed' }]);

    const [again] = await rekeyAllOrganizations(dataSource, rotated);
    expect(again).toMatchObject({ rekeyed: 0, alreadyCurrent: 2, failed: [] });
  });

  it('reports credentials sealed with a key it was not given', async () => {
    const stranger = createAesGcmCredentialCipher(randomBytes(32));
    const [result] = await rekeyAllOrganizations(dataSource, stranger);
    expect(result.failed.map((f) => f.name).sort()).toEqual(['Mock Anthropic', 'Mock OpenAI']);
    expect(result.rekeyed).toBe(0);
  });
});
