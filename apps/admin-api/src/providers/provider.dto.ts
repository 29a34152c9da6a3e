import { z } from 'zod';
import { providerTypeSchema } from '@sluice/contracts';
import type { Provider } from '@sluice/db';
import { pageQueryShape, sortOrderSchema } from '../catalog/sorted-page';
import { providerCredentialsSchema, SECRET_SETTING_NAMES } from './provider-credentials';

/** Provider-specific, non-secret settings the adapters read (Azure `apiVersion`, Bedrock `region`, `authMode` …). */
export const providerSettingsSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'setting names are letters, digits, _ . -'), z.string().max(2000))
  .refine((s) => Object.keys(s).length <= 50, 'at most 50 settings')
  .refine((s) => !Object.keys(s).some((k) => SECRET_SETTING_NAMES.test(k)), 'secrets belong in credentials (encrypted), not in settings');

const name = z.string().trim().min(1).max(200);
const baseUrl = z.string().trim().min(1).max(2000).describe('http(s) URL of the upstream API; checked by the egress guard (no private, link-local or metadata addresses)');

export const createProviderSchema = z.strictObject({
  name,
  type: providerTypeSchema,
  baseUrl,
  credentials: providerCredentialsSchema.optional(),
  settings: providerSettingsSchema.default({}),
  enabled: z.boolean().default(true),
});
export type CreateProviderInput = z.output<typeof createProviderSchema>;

/** The type cannot change (credentials and settings depend on it). `credentials` replaces the stored ones; `null` removes them. */
export const updateProviderSchema = z.strictObject({
  name: name.optional(),
  baseUrl: baseUrl.optional(),
  credentials: providerCredentialsSchema.nullable().optional(),
  settings: providerSettingsSchema.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateProviderInput = z.output<typeof updateProviderSchema>;

export const listProvidersQuerySchema = z.strictObject({
  ...pageQueryShape,
  q: z.string().trim().min(1).max(200).optional().describe('Substring of the name (case-insensitive)'),
  type: providerTypeSchema.optional(),
  enabled: z.enum(['true', 'false']).optional(),
  sort: z.enum(['name', 'type']).default('name'),
  order: sortOrderSchema.default('asc'),
});
export type ListProvidersQuery = z.output<typeof listProvidersQuerySchema>;

export const providerViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  type: providerTypeSchema,
  baseUrl: z.string(),
  settings: z.record(z.string(), z.string()),
  enabled: z.boolean(),
  credentialsSet: z.boolean().describe('Credentials are write-only: never returned, only whether they are set.'),
  credentialsHint: z.string().nullable().describe('At most the last 4 characters of the API key or access key id, e.g. `…c3Xz`.'),
  credentialKeyId: z.string().nullable().describe('Id of the key-encryption key that sealed the credentials (see the rekey route).'),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ProviderView = z.output<typeof providerViewSchema>;

export const rekeyResultSchema = z.object({
  currentKeyId: z.string(),
  rekeyed: z.number().int().describe('Providers re-sealed with the current key'),
  alreadyCurrent: z.number().int(),
  failed: z.array(z.object({ id: z.uuid(), name: z.string(), keyId: z.string() })).describe('Sealed with a key that is neither SLUICE_KEK nor in SLUICE_KEK_PREVIOUS; re-enter their credentials'),
});
export type RekeyResult = z.output<typeof rekeyResultSchema>;

/** Never includes the ciphertext. */
export function toProviderView(p: Provider): ProviderView {
  return {
    id: p.id,
    orgId: p.orgId,
    name: p.name,
    type: p.type,
    baseUrl: p.baseUrl,
    settings: p.options,
    enabled: p.enabled,
    credentialsSet: p.credentialsCiphertext !== null,
    credentialsHint: p.credentialsCiphertext !== null ? p.credentialsHint : null,
    credentialKeyId: p.credentialsKeyId,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
