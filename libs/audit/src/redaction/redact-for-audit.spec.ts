import { isSensitiveFieldName, REDACTED, redactForAudit } from './redact-for-audit';

describe('redactForAudit', () => {
  it.each([
    'password', 'passwordHash', 'password_hash', 'secret', 'clientSecret', 'client_secret', 'token', 'accessToken', 'refresh_token',
    'scimToken', 'keyHash', 'key_hash', 'tokenHash', 'apiKey', 'api_key', 'openaiApiKey', 'credentials', 'encryptedCredentials',
    'credential_ciphertext', 'privateKey', 'private_key', 'pepper', 'SLUICE_KEY_PEPPER', 'kek', 'Authorization', 'cookie',
    'sessionId', 'mfaSecret', 'totp_secret', 'signingKey', 'accessKey', 'secretAccessKey', 'passphrase',
  ])('masks a field named %s', (name) => {
    expect(redactForAudit({ [name]: 'value', name: 'kept' })).toEqual({ [name]: REDACTED, name: 'kept' });
    expect(isSensitiveFieldName(name)).toBe(true);
  });

  it.each(['name', 'maxTokens', 'max_output_tokens', 'inputTokens', 'tpm', 'rpm', 'keyPrefix', 'key_prefix', 'apiKeyId', 'keyId', 'tokenCount', 'teamId', 'role', 'description'])(
    'keeps a field named %s',
    (name) => {
      expect(isSensitiveFieldName(name)).toBe(false);
      expect(redactForAudit({ [name]: 7 })).toEqual({ [name]: 7 });
    },
  );

  it('redacts at any depth, in arrays and maps, and keeps null as null', () => {
    const input = {
      provider: { name: 'openai', credentials: { apiKey: 'sk-live' }, options: [{ headers: { Authorization: 'x' } }] },
      rotated: { previousKeyHash: 'abc', clientSecret: null },
      extra: new Map<string, unknown>([['password', 'p'], ['ok', 1]]),
    };
    expect(redactForAudit(input)).toEqual({
      provider: { name: 'openai', credentials: REDACTED, options: [{ headers: { Authorization: REDACTED } }] },
      rotated: { previousKeyHash: REDACTED, clientSecret: null },
      extra: { password: REDACTED, ok: 1 },
    });
    expect(input.provider.credentials.apiKey).toBe('sk-live');
  });

  it('masks values that are secrets whatever the field is called', () => {
    expect(
      redactForAudit({
        note: 'sk-sluice-AbCdEfGh12345678',
        header: 'Bearer abc.def',
        pem: '-----BEGIN PRIVATE KEY-----\nMC4CAQ…',
        jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
        plain: 'sk', // too short to be a key
      }),
    ).toEqual({ note: REDACTED, header: REDACTED, pem: REDACTED, jwt: REDACTED, plain: 'sk' });
  });

  it('turns entities into plain JSON', () => {
    class Entity {
      id = 'k1';
      createdAt = new Date('2026-01-02T03:04:05.678Z');
      revokedAt: Date | null = null;
      hash = Buffer.from('secret bytes');
      blob = Buffer.from([1, 2, 3]);
      big = 12n;
      missing = undefined;
      fn = () => 1;
      nan = Number.NaN;
    }
    expect(redactForAudit(new Entity())).toEqual({
      id: 'k1', createdAt: '2026-01-02T03:04:05.678Z', revokedAt: null, hash: REDACTED, blob: '[binary 3 bytes]', big: '12', nan: null,
    });
  });

  it('survives cycles and absurd nesting', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactForAudit(a)).toEqual({ name: 'a', self: '[circular]' });
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(JSON.stringify(redactForAudit(deep))).toContain('[truncated]');
  });
});
