import { randomBytes } from 'node:crypto';
import { parseEnv, ConfigError } from '@sluice/contracts';
import { createAesGcmCredentialCipher, keyIdOf } from './credential-cipher';
import { credentialCipherFromEnv, DEV_KEK, kekEnvSchema } from './kek-env';

describe('createAesGcmCredentialCipher', () => {
  const kek = randomBytes(32);
  const cipher = createAesGcmCredentialCipher(kek);

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.encrypt('sk-upstream-secret');
    expect(sealed.keyId).toBe(keyIdOf(kek));
    expect(sealed.ciphertext.includes(Buffer.from('sk-upstream-secret'))).toBe(false);
    expect(cipher.decrypt(sealed)).toBe('sk-upstream-secret');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same').ciphertext.equals(cipher.encrypt('same').ciphertext)).toBe(false);
  });

  it('rejects a tampered ciphertext', () => {
    const sealed = cipher.encrypt('secret');
    sealed.ciphertext[sealed.ciphertext.length - 1] ^= 0x01;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('rejects an unknown or relabelled key id', () => {
    const sealed = cipher.encrypt('secret');
    expect(() => cipher.decrypt({ ...sealed, keyId: 'kek-0000000000000000' })).toThrow(/unknown credential key id/);
  });

  it('decrypts with a previous key after rotation and encrypts with the new one', () => {
    const oldSealed = cipher.encrypt('old secret');
    const rotated = createAesGcmCredentialCipher(randomBytes(32), [kek]);
    expect(rotated.decrypt(oldSealed)).toBe('old secret');
    expect(rotated.encrypt('x').keyId).not.toBe(oldSealed.keyId);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createAesGcmCredentialCipher(randomBytes(16))).toThrow(RangeError);
  });
});

describe('kekEnvSchema', () => {
  it('defaults to the demo key outside production', () => {
    const env = parseEnv('test', kekEnvSchema, {});
    expect(env.SLUICE_KEK).toBe(DEV_KEK);
    expect(credentialCipherFromEnv(env).decrypt(credentialCipherFromEnv(env).encrypt('a'))).toBe('a');
  });

  it('refuses the demo key in production', () => {
    expect(() => parseEnv('test', kekEnvSchema, { NODE_ENV: 'production' })).toThrow(ConfigError);
  });

  it('accepts a real key in production and rejects a short one', () => {
    const key = randomBytes(32).toString('base64');
    expect(parseEnv('test', kekEnvSchema, { NODE_ENV: 'production', SLUICE_KEK: key }).SLUICE_KEK).toBe(key);
    expect(() => parseEnv('test', kekEnvSchema, { SLUICE_KEK: randomBytes(16).toString('base64') })).toThrow(/SLUICE_KEK/);
  });
});
