import { z } from 'zod';
import { pageSchema } from '../../api/me-schema';
import { longContextSchema, parseLongContextForm, type LongContext, type LongContextField } from '../models/long-context';

export const deploymentSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  providerId: z.string(),
  upstreamModel: z.string(),
  weight: z.number(),
  priority: z.number(),
  timeoutMs: z.number(),
  rpm: z.number().nullable(),
  tpm: z.number().nullable(),
  inputPricePer1M: z.number().nullable(),
  outputPricePer1M: z.number().nullable(),
  cachedInputPricePer1M: z.number().nullable(),
  cacheWritePricePer1M: z.number().nullable(),
  cacheWrite1hPricePer1M: z.number().nullable(),
  longContext: longContextSchema.nullable(),
  enabled: z.boolean(),
  updatedAt: z.string(),
});
export type Deployment = z.output<typeof deploymentSchema>;
export const deploymentPageSchema = pageSchema(deploymentSchema);

export const providerOptionSchema = z.object({ id: z.string(), name: z.string(), type: z.string(), enabled: z.boolean() });
export type ProviderOption = z.output<typeof providerOptionSchema>;

/** A form field: empty means "not set" (null), anything else must be a number. */
const optionalNumber = <T extends z.ZodNumber>(schema: T) =>
  z.preprocess((v) => (v === undefined || v === null || String(v).trim() === '' ? null : Number(String(v).trim())), schema.nullable());
const requiredNumber = <T extends z.ZodNumber>(schema: T, what: string) =>
  z.preprocess((v) => (v === undefined || v === null || String(v).trim() === '' ? undefined : Number(String(v).trim())), schema.refine(Number.isFinite, `${what} must be a number`));

const price = optionalNumber(z.number({ error: 'Enter a price in USD, e.g. 0.15' }).nonnegative('A price cannot be negative').max(1_000_000, 'At most 1,000,000'));

/**
 * The deployment form, with the admin API's limits (apps/admin-api/src/deployments/deployment.dto.ts):
 * the same ranges, so a mistake is shown next to its field before anything is sent.
 */
export const deploymentFormSchema = z.object({
  upstreamModel: z.string().trim().min(1, 'Enter the model name the provider knows').max(200, 'At most 200 characters'),
  priority: requiredNumber(z.number({ error: 'Enter a priority from 0 to 1000' }).int('Use a whole number').min(0, 'At least 0').max(1000, 'At most 1000'), 'Priority'),
  weight: requiredNumber(z.number({ error: 'Enter a weight from 1 to 1000' }).int('Use a whole number').min(1, 'At least 1').max(1000, 'At most 1000'), 'Weight'),
  timeoutMs: requiredNumber(z.number({ error: 'Enter a timeout in milliseconds' }).int('Use a whole number').min(100, 'At least 100 ms').max(600_000, 'At most 600,000 ms (10 minutes)'), 'Timeout'),
  rpm: optionalNumber(z.number({ error: 'Enter requests per minute' }).int('Use a whole number').positive('Must be more than 0')),
  tpm: optionalNumber(z.number({ error: 'Enter tokens per minute' }).int('Use a whole number').positive('Must be more than 0')),
  inputPricePer1M: price,
  outputPricePer1M: price,
  cachedInputPricePer1M: price,
  cacheWritePricePer1M: price,
  cacheWrite1hPricePer1M: price,
  enabled: z.boolean(),
});
export type DeploymentFormValues = z.output<typeof deploymentFormSchema> & { longContext: LongContext | null };

export const DEPLOYMENT_FORM_FIELDS = ['upstreamModel', 'priority', 'weight', 'timeoutMs', 'rpm', 'tpm', 'inputPricePer1M', 'outputPricePer1M', 'cachedInputPricePer1M', 'cacheWritePricePer1M', 'cacheWrite1hPricePer1M'] as const;
export type DeploymentFormField = (typeof DEPLOYMENT_FORM_FIELDS)[number] | LongContextField;

/** Reads and checks the form; field errors by name, or the values to send. */
export function parseDeploymentForm(form: FormData): { ok: true; values: DeploymentFormValues } | { ok: false; errors: Partial<Record<DeploymentFormField | 'modelId' | 'providerId', string>> } {
  const raw: Record<string, unknown> = { enabled: form.get('enabled') === 'on' };
  for (const field of DEPLOYMENT_FORM_FIELDS) raw[field] = form.get(field) ?? '';
  const parsed = deploymentFormSchema.safeParse(raw);
  const tier = parseLongContextForm(form);
  if (parsed.success && tier.ok) return { ok: true, values: { ...parsed.data, longContext: tier.value } };
  const errors: Partial<Record<DeploymentFormField, string>> = tier.ok ? {} : { ...tier.errors };
  for (const issue of parsed.error?.issues ?? []) {
    const field = issue.path[0] as DeploymentFormField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
