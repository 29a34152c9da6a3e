// The demo's audit-export signing key: kept in the state directory so exports stay verifiable across
// restarts, with its public key beside it for the offline verifier (`verify-export.js … <public key>`).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ROOT } from './env.mjs';

export const AUDIT_PUBLIC_KEY_FILE = 'audit-signing.pub.pem';
const PRIVATE_KEY_FILE = 'audit-signing-key.pem';

/**
 * `SLUICE_AUDIT_SIGNING_KEY` when set, else the key in `stateDir` (made on the first start, mode 0600).
 * Read with @sluice/audit's own loader (built by then), so a key the worker would refuse stops npm start
 * here with its reason. Writes the public key to `stateDir` either way.
 * @returns {{ privateKey: string, publicKeyPath: string }}
 */
export function demoAuditSigningKey(stateDir, env = process.env) {
  const { loadSigningKey, publicKeyPemOf } = createRequire(import.meta.url)(resolve(ROOT, 'libs/audit/dist/export/signing-key.js'));
  const keyFile = resolve(stateDir, PRIVATE_KEY_FILE);
  let privateKey = env.SLUICE_AUDIT_SIGNING_KEY?.trim();
  if (!privateKey) {
    if (!existsSync(keyFile)) writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    privateKey = readFileSync(keyFile, 'utf8');
  }
  const publicKeyPath = resolve(stateDir, AUDIT_PUBLIC_KEY_FILE);
  writeFileSync(publicKeyPath, publicKeyPemOf(loadSigningKey(privateKey)));
  return { privateKey, publicKeyPath };
}
