import type { KeyObject } from 'node:crypto';
import { generateDevSigningKey, loadSigningKey } from '@sluice/audit';
import type { WorkerEnv } from '@sluice/contracts';
import type { Logger } from '@sluice/observability';

/**
 * The key that signs export manifests: SLUICE_AUDIT_SIGNING_KEY, or outside production a throwaway
 * key for this process (its public key is logged so a developer can still verify). In production
 * without a key there is none, and export jobs fail saying so.
 */
export function exportSigningKeyOf(config: Pick<WorkerEnv, 'SLUICE_AUDIT_SIGNING_KEY' | 'NODE_ENV'>, logger: Logger): KeyObject | null {
  if (config.SLUICE_AUDIT_SIGNING_KEY) return loadSigningKey(config.SLUICE_AUDIT_SIGNING_KEY);
  if (config.NODE_ENV === 'production') {
    logger.error('SLUICE_AUDIT_SIGNING_KEY is not set: audit exports and usage reports will fail');
    return null;
  }
  const dev = generateDevSigningKey();
  logger.warn({ keyId: dev.keyId, publicKeyPem: dev.publicKeyPem }, 'SLUICE_AUDIT_SIGNING_KEY is not set: signing exports with a throwaway development key');
  return loadSigningKey(dev.privateKeyBase64);
}
