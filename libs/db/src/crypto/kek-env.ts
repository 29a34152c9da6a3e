import { z } from 'zod';
import { baseEnvSchema, refuseDemoSecrets } from '@sluice/contracts';
import { createAesGcmCredentialCipher, type CredentialCipher } from './credential-cipher';

/** Demo key-encryption key used by `npm start` and tests; refused when NODE_ENV=production. */
export const DEV_KEK = Buffer.alloc(32, 's').toString('base64');

const kekSchema = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v), 'must be 32 bytes, base64-encoded');

/** SLUICE_KEK (base64, 32 bytes) and SLUICE_KEK_PREVIOUS, for apps to spread into their env schema. */
export const kekEnvShape = {
  SLUICE_KEK: z.preprocess((v) => (v === '' ? undefined : v), kekSchema.default(DEV_KEK)),
  /** Comma-separated earlier keys, still accepted for decryption after a rotation. */
  SLUICE_KEK_PREVIOUS: z.preprocess(
    (v) => (v === '' || v === undefined ? [] : String(v).split(',').map((s) => s.trim())),
    z.array(kekSchema),
  ),
};

export const kekEnvSchema = baseEnvSchema.extend(kekEnvShape).superRefine(refuseDemoSecrets([['SLUICE_KEK', DEV_KEK]]));
export type KekEnv = Pick<z.output<typeof kekEnvSchema>, 'SLUICE_KEK' | 'SLUICE_KEK_PREVIOUS'>;

/** The credential cipher configured by SLUICE_KEK (and SLUICE_KEK_PREVIOUS). */
export function credentialCipherFromEnv(env: KekEnv): CredentialCipher {
  return createAesGcmCredentialCipher(
    Buffer.from(env.SLUICE_KEK, 'base64'),
    env.SLUICE_KEK_PREVIOUS.map((k) => Buffer.from(k, 'base64')),
  );
}
