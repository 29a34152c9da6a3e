#!/usr/bin/env node
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { baseEnvSchema, parseEnv, postgresUrlSchema, refuseDemoSecrets } from '@sluice/contracts';
import { createDataSource, credentialCipherFromEnv, DEV_KEK, kekEnvShape, type CredentialCipher } from '@sluice/db';
import { rekeyOrgCredentials } from './credential-rekey';
import type { RekeyResult } from './provider.dto';

const rekeyEnvSchema = baseEnvSchema.extend({ DATABASE_URL: postgresUrlSchema, ...kekEnvShape }).superRefine(refuseDemoSecrets([['SLUICE_KEK', DEV_KEK]]));

/**
 * KEK rotation for every organization at once (the operator's path; org admins have
 * `POST /api/v1/providers/rekey`). One transaction per organization, audited as the system.
 */
export async function rekeyAllOrganizations(dataSource: DataSource, cipher: CredentialCipher): Promise<Array<RekeyResult & { orgId: string }>> {
  const orgs = (await dataSource.query('SELECT id FROM organizations ORDER BY created_at, id')) as Array<{ id: string }>;
  const results: Array<RekeyResult & { orgId: string }> = [];
  for (const { id: orgId } of orgs) {
    const result = await dataSource.transaction(async (manager) => {
      const r = await rekeyOrgCredentials(manager, cipher, orgId);
      if (r.rekeyed > 0 || r.failed.length > 0) {
        await appendAuditEvent(manager, {
          orgId,
          actor: { type: 'system', authMethod: 'system' },
          action: 'provider.credentials_rekeyed',
          target: { type: 'organization', id: orgId },
          before: null,
          after: r,
          result: 'success',
        });
      }
      return r;
    });
    results.push({ orgId, ...result });
  }
  return results;
}

async function main(): Promise<void> {
  const env = parseEnv('rekey-credentials', rekeyEnvSchema);
  const dataSource = await createDataSource({ url: env.DATABASE_URL, poolSize: 1, applicationName: 'sluice-rekey-credentials' }).initialize();
  try {
    const results = await rekeyAllOrganizations(dataSource, credentialCipherFromEnv(env));
    for (const r of results) console.log(JSON.stringify(r));
    if (results.some((r) => r.failed.length > 0)) process.exitCode = 2;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
