import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Seals provider credentials at rest. The key id travels with the ciphertext so keys can be rotated. */
export interface CredentialCipher {
  /** Id of the key `encrypt` uses now. */
  readonly currentKeyId: string;
  encrypt(plaintext: string): SealedCredential;
  /** Throws when the key id is unknown or the ciphertext was altered. */
  decrypt(sealed: SealedCredential): string;
}

export interface SealedCredential {
  ciphertext: Buffer;
  keyId: string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A short, stable, non-secret id for a key-encryption key. */
export function keyIdOf(kek: Buffer): string {
  return 'kek-' + createHash('sha256').update(kek).digest('hex').slice(0, 16);
}

/**
 * AES-256-GCM with a random 96-bit IV. Layout: version byte ‖ IV ‖ tag ‖ ciphertext. The key id is
 * bound as additional authenticated data, so a ciphertext cannot be relabelled with another key id.
 * `previous` keys only decrypt, for reading rows sealed before a rotation.
 */
export function createAesGcmCredentialCipher(current: Buffer, previous: readonly Buffer[] = []): CredentialCipher {
  for (const key of [current, ...previous]) {
    if (key.length !== KEY_BYTES) throw new RangeError(`a key-encryption key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }
  const keys = new Map([current, ...previous].map((key) => [keyIdOf(key), key] as const));
  const currentKeyId = keyIdOf(current);

  return {
    currentKeyId,
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(currentKeyId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { ciphertext: Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]), keyId: currentKeyId };
    },
    decrypt({ ciphertext, keyId }) {
      const key = keys.get(keyId);
      if (!key) throw new Error(`unknown credential key id ${keyId}`);
      if (ciphertext.length < 1 + IV_BYTES + TAG_BYTES || ciphertext[0] !== VERSION) throw new Error('malformed credential ciphertext');
      const iv = ciphertext.subarray(1, 1 + IV_BYTES);
      const tag = ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
