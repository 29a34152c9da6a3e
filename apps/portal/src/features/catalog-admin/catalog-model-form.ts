import { providerTypeSchema } from '@sluice/contracts';
import { z } from 'zod';
import { parseLongContextForm, type LongContext, type LongContextField } from '../models/long-context';
import { CAPABILITIES, MODALITIES, type Model } from '../models/model-schemas';

export const MODEL_STATUSES = ['preview', 'ga', 'deprecated'] as const;
export const STATUS_LABELS: Record<(typeof MODEL_STATUSES)[number], string> = { preview: 'Preview', ga: 'Generally available', deprecated: 'Deprecated' };

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';
const optionalNumber = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (blank(v) ? null : Number(String(v).trim())), schema.nullable());
const requiredNumber = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (blank(v) ? undefined : Number(String(v).trim())), schema);
const price = (what: string) => z.number({ error: `Enter the ${what} price in USD per 1M tokens` }).nonnegative('A price cannot be negative').max(1_000_000, 'At most 1,000,000');
const tokens = (what: string) => z.number({ error: `Enter the ${what} in tokens` }).int('Use a whole number').positive('Must be more than 0').max(100_000_000, 'At most 100,000,000');

/**
 * The catalog model form, with the admin API's rules (apps/admin-api/src/catalog/model.dto.ts):
 * same names, ranges and lists, so mistakes show next to their field before anything is sent.
 */
export const catalogModelFormSchema = z.object({
  name: z.string().trim().min(1, 'Enter the model name callers use').max(200, 'At most 200 characters').regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'Use letters, digits and . _ : / @ - (starting with a letter or digit)'),
  family: z.string().trim().min(1, 'Enter the model family, e.g. gpt-4o').max(100, 'At most 100 characters'),
  provider: providerTypeSchema,
  contextWindow: requiredNumber(tokens('context window')),
  maxOutputTokens: optionalNumber(tokens('maximum output')),
  inputPricePer1M: requiredNumber(price('input')),
  outputPricePer1M: requiredNumber(price('output')),
  cachedInputPricePer1M: optionalNumber(price('cached input')),
  cacheWritePricePer1M: optionalNumber(price('cache write')),
  cacheWrite1hPricePer1M: optionalNumber(price('1-hour cache write')),
  modalities: z.array(z.enum(MODALITIES)).min(1, 'Choose at least one modality'),
  capabilities: z.array(z.enum(CAPABILITIES)),
  status: z.enum(MODEL_STATUSES),
  deprecationDate: z.preprocess((v) => (blank(v) ? null : String(v)), z.iso.date('Enter a date like 2027-01-31').nullable()),
  description: z.string().max(2000, 'At most 2,000 characters'),
  tags: z.preprocess(
    (v) => (blank(v) ? [] : [...new Set(String(v).split(',').map((t) => t.trim()).filter(Boolean))]),
    z.array(z.string().max(64, 'Each tag is at most 64 characters')).max(30, 'At most 30 tags'),
  ),
});
export type CatalogModelFormValues = z.output<typeof catalogModelFormSchema> & { longContext: LongContext | null };
export type CatalogModelField = Exclude<keyof CatalogModelFormValues, 'longContext'> | LongContextField;

/** Reads the form; when editing, the name is the model's (it cannot change: keys and allow-lists refer to it). */
export function parseCatalogModelForm(form: FormData, existing: Model | null): { ok: true; values: CatalogModelFormValues } | { ok: false; errors: Partial<Record<CatalogModelField, string>> } {
  const raw = {
    name: existing ? existing.name : form.get('name'),
    family: form.get('family') ?? '',
    provider: form.get('provider'),
    contextWindow: form.get('contextWindow'),
    maxOutputTokens: form.get('maxOutputTokens'),
    inputPricePer1M: form.get('inputPricePer1M'),
    outputPricePer1M: form.get('outputPricePer1M'),
    cachedInputPricePer1M: form.get('cachedInputPricePer1M'),
    cacheWritePricePer1M: form.get('cacheWritePricePer1M'),
    cacheWrite1hPricePer1M: form.get('cacheWrite1hPricePer1M'),
    modalities: form.getAll('modalities').map(String),
    capabilities: form.getAll('capabilities').map(String),
    status: form.get('status'),
    deprecationDate: form.get('deprecationDate'),
    description: String(form.get('description') ?? ''),
    tags: form.get('tags'),
  };
  const parsed = catalogModelFormSchema.safeParse(raw);
  const tier = parseLongContextForm(form);
  if (parsed.success && tier.ok) return { ok: true, values: { ...parsed.data, longContext: tier.value } };
  const errors: Partial<Record<CatalogModelField, string>> = tier.ok ? {} : { ...tier.errors };
  for (const issue of parsed.error?.issues ?? []) errors[issue.path[0] as CatalogModelField] ??= issue.message;
  return { ok: false, errors };
}

/** The body for the admin API: everything for a new model; without the name for a change. */
export function catalogModelBody(values: CatalogModelFormValues, creating: boolean): Record<string, unknown> {
  const { name, ...rest } = values;
  return creating ? { name, ...rest } : rest;
}
