import type { EntityManager } from 'typeorm';
import { Provider, type CredentialCipher } from '@sluice/db';
import type { RekeyResult } from './provider.dto';

/**
 * Re-seals every provider credential of one organization that is not sealed with the cipher's
 * current key (reading it with a previous key). Rows are locked for the caller's transaction.
 * Credentials sealed with a key the cipher does not have are reported and left untouched.
 */
export async function rekeyOrgCredentials(manager: EntityManager, cipher: CredentialCipher, orgId: string): Promise<RekeyResult> {
  const rows = await manager.find(Provider, { where: { orgId }, lock: { mode: 'pessimistic_write' }, order: { name: 'ASC' } });
  const result: RekeyResult = { currentKeyId: cipher.currentKeyId, rekeyed: 0, alreadyCurrent: 0, failed: [] };
  for (const p of rows) {
    if (p.credentialsCiphertext === null || p.credentialsKeyId === null) continue;
    if (p.credentialsKeyId === cipher.currentKeyId) {
      result.alreadyCurrent += 1;
      continue;
    }
    let plaintext: string;
    try {
      plaintext = cipher.decrypt({ ciphertext: p.credentialsCiphertext, keyId: p.credentialsKeyId });
    } catch {
      result.failed.push({ id: p.id, name: p.name, keyId: p.credentialsKeyId });
      continue;
    }
    const sealed = cipher.encrypt(plaintext);
    await manager.update(Provider, { id: p.id }, { credentialsCiphertext: sealed.ciphertext, credentialsKeyId: sealed.keyId });
    result.rekeyed += 1;
  }
  return result;
}
