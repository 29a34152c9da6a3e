import { z } from 'zod';
import type { ProviderType } from '@sluice/contracts';
import { Problem } from '../errors/problem';

const secret = z.string().trim().min(1).max(8192);

const apiKeyCredentials = z.strictObject({ apiKey: secret });
/** SigV4 keys (sealed as JSON, read by the Bedrock adapter), or a Bedrock API key (`apiKey`, with setting `authMode=bearer`). */
const bedrockCredentials = z.union([
  z.strictObject({ accessKeyId: z.string().trim().min(16).max(128), secretAccessKey: secret, sessionToken: secret.optional() }),
  apiKeyCredentials,
]);

/** What each provider type accepts as credentials. Everything here is write-only. */
export const credentialsSchemaByType: Record<ProviderType, z.ZodType<ProviderCredentials>> = {
  openai: apiKeyCredentials,
  'azure-openai': apiKeyCredentials,
  anthropic: apiKeyCredentials,
  gemini: apiKeyCredentials,
  bedrock: bedrockCredentials,
  'openai-compatible': apiKeyCredentials,
};

/** Any type's credentials; the per-type shape is checked by `parseCredentials` once the type is known. */
export const providerCredentialsSchema = z
  .record(z.string().max(64), z.string().max(8192))
  .describe('Write-only. openai, azure-openai, anthropic, gemini, openai-compatible: `{apiKey}`; bedrock: `{accessKeyId, secretAccessKey, sessionToken?}` or `{apiKey}` (with setting authMode=bearer).');

export type ProviderCredentials = { apiKey: string } | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Validates credentials against the provider type; the error never echoes a value. */
export function parseCredentials(type: ProviderType, value: unknown): ProviderCredentials {
  const result = credentialsSchemaByType[type].safeParse(value);
  if (result.success) return result.data;
  throw new Problem(400, 'validation-failed', `The credentials do not match what a ${type} provider needs.`, [
    { path: 'credentials', message: type === 'bedrock' ? 'expected {accessKeyId, secretAccessKey, sessionToken?} or {apiKey}' : 'expected {apiKey}' },
  ]);
}

/** The string that is sealed: what the gateway's adapters read as the provider's `apiKey`. */
export function credentialPlaintext(credentials: ProviderCredentials): string {
  return 'apiKey' in credentials ? credentials.apiKey : JSON.stringify(credentials);
}

/** A hint that identifies a credential without revealing it: at most its last 4 characters, none for short ones. */
export function credentialHint(credentials: ProviderCredentials): string {
  const visible = 'apiKey' in credentials ? credentials.apiKey : credentials.accessKeyId;
  return visible.length >= 16 ? `…${visible.slice(-4)}` : '…';
}

/** Setting names that look like secrets: they belong in credentials, which are encrypted. */
export const SECRET_SETTING_NAMES = /^(api[-_]?key|secret.*|.*secret|access[-_]?key.*|session[-_]?token|token|password|authorization)$/i;
