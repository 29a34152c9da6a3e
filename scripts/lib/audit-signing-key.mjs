// The demo's audit-export signing key: kept in the state directory so exports stay verifiable across
// restarts, with its public key beside it for the offline verifier (`verify-export.js … <public key>`).
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';

export const AUDIT_PUBLIC_KEY_FILE = 'audit-signing.pub.pem';
const PRIVATE_KEY_FILE = 'audit-signing-key.pem';

/**
 * `SLUICE_AUDIT_SIGNING_KEY` when set (PKCS#8 PEM or base64 DER, as the worker reads it), else the key in
 * `stateDir` (made on the first start, mode 0600). Writes the public key to `stateDir` either way.
 * @returns {{ privateKey: string, publicKeyPath: string }}
 */
export function demoAuditSigningKey(stateDir, env = process.env) {
  const keyFile = resolve(stateDir, PRIVATE_KEY_FILE);
  let privateKey = env.SLUICE_AUDIT_SIGNING_KEY?.trim();
  if (!privateKey) {
    if (!existsSync(keyFile)) {
      const { privateKey: generated } = generateKeyPairSync('ed25519');
      writeFileSync(keyFile, generated.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      chmodSync(keyFile, 0o600);
    }
    privateKey = readFileSync(keyFile, 'utf8');
  }
  const keyObject = privateKey.includes('-----BEGIN') ? createPrivateKey(privateKey) : createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const publicKeyPath = resolve(stateDir, AUDIT_PUBLIC_KEY_FILE);
  writeFileSync(publicKeyPath, createPublicKey(keyObject).export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicKeyPath };
}
