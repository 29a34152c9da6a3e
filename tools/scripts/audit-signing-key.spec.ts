import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODULE = join(__dirname, '..', '..', 'scripts', 'lib', 'audit-signing-key.mjs');

/** demoAuditSigningKey(stateDir, env) in a Node ES-module child (Jest's CommonJS cannot load the script's ES module). */
function demoAuditSigningKey(stateDir: string, env: Record<string, string> = {}): { privateKey: string; publicKeyPath: string } {
  const script = `
    const { demoAuditSigningKey } = await import(${JSON.stringify(MODULE)});
    process.stdout.write(JSON.stringify(demoAuditSigningKey(${JSON.stringify(stateDir)}, ${JSON.stringify(env)})));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { privateKey: string; publicKeyPath: string };
}

/** True when `publicKeyPath` verifies a signature made with `privateKey`, as the offline verifier checks a manifest. */
function verifies(privateKey: string, publicKeyPath: string): boolean {
  const key = privateKey.includes('-----BEGIN') ? createPrivateKey(privateKey) : createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const data = Buffer.from('manifest');
  return verify(null, data, createPublicKey(readFileSync(publicKeyPath, 'utf8')), sign(null, data, key));
}

describe('the demo audit signing key (npm start)', () => {
  it('is made on the first start (private key 0600), kept for the next, and its public key verifies what it signs', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sluice-audit-key-'));
    const first = demoAuditSigningKey(stateDir);
    expect(createPrivateKey(first.privateKey).asymmetricKeyType).toBe('ed25519');
    expect(statSync(join(stateDir, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(first.publicKeyPath).toBe(join(stateDir, 'audit-signing.pub.pem'));
    expect(verifies(first.privateKey, first.publicKeyPath)).toBe(true);

    const publicKey = readFileSync(first.publicKeyPath, 'utf8');
    const again = demoAuditSigningKey(stateDir);
    expect(again.privateKey).toBe(first.privateKey);
    expect(readFileSync(again.publicKeyPath, 'utf8')).toBe(publicKey);
  });

  it('uses SLUICE_AUDIT_SIGNING_KEY when it is set, PEM or base64 DER, and writes its public key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    for (const material of [pem, der]) {
      const stateDir = mkdtempSync(join(tmpdir(), 'sluice-audit-key-'));
      const chosen = demoAuditSigningKey(stateDir, { SLUICE_AUDIT_SIGNING_KEY: material });
      expect(chosen.privateKey).toBe(material.trim());
      expect(verifies(material, chosen.publicKeyPath)).toBe(true);
      expect(() => statSync(join(stateDir, 'audit-signing-key.pem'))).toThrow(/ENOENT/);
    }
  });
});
