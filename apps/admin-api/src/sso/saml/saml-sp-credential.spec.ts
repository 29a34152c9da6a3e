import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminApiSsoEnvSchema, loadAdminApiConfig } from '../../config/admin-api-config';

function keyAndCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-sp-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=sluice-sp'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const messages = (env: Record<string, string>) => {
  const result = adminApiSsoEnvSchema.safeParse(env);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('SAML SP signing credential (SAML_SP_PRIVATE_KEY / SAML_SP_CERTIFICATE)', () => {
  const sp = keyAndCertificate();
  const other = keyAndCertificate();

  it('is optional: unset or empty means unsigned requests', () => {
    for (const env of [{}, { SAML_SP_PRIVATE_KEY: '', SAML_SP_CERTIFICATE: '' }]) {
      const parsed = adminApiSsoEnvSchema.parse(env);
      expect([parsed.SAML_SP_PRIVATE_KEY, parsed.SAML_SP_CERTIFICATE]).toEqual([undefined, undefined]);
    }
  });

  it('accepts a key with its certificate, as multi-line PEM or on one line with \\n escapes', () => {
    expect(adminApiSsoEnvSchema.parse({ SAML_SP_PRIVATE_KEY: sp.key, SAML_SP_CERTIFICATE: sp.cert })).toMatchObject({ SAML_SP_PRIVATE_KEY: sp.key.trim(), SAML_SP_CERTIFICATE: sp.cert.trim() });
    const oneLine = (pem: string) => pem.trim().replace(/\n/g, '\\n');
    expect(adminApiSsoEnvSchema.parse({ SAML_SP_PRIVATE_KEY: oneLine(sp.key), SAML_SP_CERTIFICATE: oneLine(sp.cert) })).toMatchObject({ SAML_SP_PRIVATE_KEY: sp.key.trim(), SAML_SP_CERTIFICATE: sp.cert.trim() });
  });

  it('refuses one without the other, garbage, a non-RSA key, and a certificate of another key — all on the key variable, whose value is never printed', () => {
    expect(messages({ SAML_SP_PRIVATE_KEY: sp.key })).toEqual(['SAML_SP_PRIVATE_KEY: SAML_SP_PRIVATE_KEY and SAML_SP_CERTIFICATE are set together (only the key is set)']);
    expect(messages({ SAML_SP_CERTIFICATE: sp.cert })).toEqual(['SAML_SP_PRIVATE_KEY: SAML_SP_PRIVATE_KEY and SAML_SP_CERTIFICATE are set together (only the certificate is set)']);
    expect(messages({ SAML_SP_PRIVATE_KEY: 'not a key', SAML_SP_CERTIFICATE: sp.cert })).toEqual(['SAML_SP_PRIVATE_KEY: must be a PEM private key']);
    expect(messages({ SAML_SP_PRIVATE_KEY: sp.key, SAML_SP_CERTIFICATE: 'not a certificate' })).toEqual(['SAML_SP_PRIVATE_KEY: SAML_SP_CERTIFICATE must be a PEM certificate']);
    expect(messages({ SAML_SP_PRIVATE_KEY: sp.key, SAML_SP_CERTIFICATE: other.cert })).toEqual(['SAML_SP_PRIVATE_KEY: SAML_SP_CERTIFICATE is not the certificate of this key']);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(messages({ SAML_SP_PRIVATE_KEY: ec, SAML_SP_CERTIFICATE: sp.cert })).toEqual(expect.arrayContaining(['SAML_SP_PRIVATE_KEY: must be an RSA key (requests are signed with RSA-SHA256)']));
    // A private key pasted into the certificate variable is not echoed by the configuration error.
    const error = (() => {
      try {
        loadAdminApiConfig({ DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost:6379', SAML_SP_PRIVATE_KEY: sp.key, SAML_SP_CERTIFICATE: sp.key });
        return 'no error';
      } catch (err) {
        return String(err);
      }
    })();
    expect(error).toContain('SAML_SP_PRIVATE_KEY (set (hidden)): SAML_SP_CERTIFICATE must be a PEM certificate');
    expect(error).not.toContain('PRIVATE KEY-----');
  });
});
