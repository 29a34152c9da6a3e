import { z } from 'zod';
import { baseEnvSchema, DEV_KEY_PEPPER, keyPepperSchema, postgresUrlSchema, refuseDemoSecrets } from '@sluice/contracts';
import { looksLikeApiKey } from '@sluice/governance';
import { DEV_KEK, kekEnvShape } from '../crypto/kek-env';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const migrateEnvSchema = baseEnvSchema.extend({ DATABASE_URL: postgresUrlSchema });
export type MigrateEnv = z.output<typeof migrateEnvSchema>;

export const seedEnvSchema = baseEnvSchema
  .extend({
    DATABASE_URL: postgresUrlSchema,
    SLUICE_KEY_PEPPER: keyPepperSchema,
    ...kekEnvShape,
    SLUICE_ADMIN_EMAIL: optional(z.email()),
    SLUICE_ADMIN_PASSWORD: optional(z.string().min(12, 'must be at least 12 characters')),
    SLUICE_DEMO_API_KEY: optional(z.string().refine(looksLikeApiKey, 'must look like sk-sluice-… (at least 20 characters after the prefix)')),
    MOCK_PROVIDER_URL: optional(z.url({ protocol: /^https?$/ })),
    /** Another catalog file instead of the shipped model-catalog.yaml. */
    SLUICE_MODEL_CATALOG: optional(z.string().min(1)),
  })
  .superRefine(refuseDemoSecrets([['SLUICE_KEY_PEPPER', DEV_KEY_PEPPER], ['SLUICE_KEK', DEV_KEK]]));
export type SeedEnv = z.output<typeof seedEnvSchema>;
