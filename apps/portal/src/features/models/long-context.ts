import { z } from 'zod';
import { formatCompact } from '../../format/numbers';

/** A long-context tier as the admin API shows it: prices for the whole request when the prompt exceeds `aboveTokens`. */
export const longContextSchema = z.object({
  aboveTokens: z.number(),
  inputPricePer1M: z.number(),
  outputPricePer1M: z.number(),
  cachedInputPricePer1M: z.number(),
  cacheWritePricePer1M: z.number().nullable(),
  /** 1-hour cache writes above the threshold; null = the tier's cache-write price. */
  cacheWrite1hPricePer1M: z.number().nullable(),
});
export type LongContext = z.output<typeof longContextSchema>;

export const LONG_CONTEXT_FIELDS = [
  'longContextAboveTokens',
  'longContextInputPricePer1M',
  'longContextOutputPricePer1M',
  'longContextCachedInputPricePer1M',
  'longContextCacheWritePricePer1M',
  'longContextCacheWrite1hPricePer1M',
] as const;
export type LongContextField = (typeof LONG_CONTEXT_FIELDS)[number];

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';
const priceOf = (message: string) => z.number({ error: message }).nonnegative('A price cannot be negative').max(1_000_000, 'At most 1,000,000');
const requiredPrice = (message: string) => z.preprocess((v) => (blank(v) ? undefined : Number(String(v).trim())), priceOf(message));
const optionalPrice = z.preprocess((v) => (blank(v) ? null : Number(String(v).trim())), priceOf('Enter a price in USD per 1M tokens').nullable());

/** The tier's form fields with the admin API's rules: all empty means no tier; a threshold needs the input, output and cached-input prices. */
const tierFormSchema = z.object({
  longContextAboveTokens: z.preprocess(
    (v) => (blank(v) ? undefined : Number(String(v).trim())),
    z.number({ error: 'Enter the prompt size in tokens' }).int('Use a whole number').positive('Must be more than 0').max(100_000_000, 'At most 100,000,000'),
  ),
  longContextInputPricePer1M: requiredPrice('Enter the input price above the threshold'),
  longContextOutputPricePer1M: requiredPrice('Enter the output price above the threshold'),
  longContextCachedInputPricePer1M: requiredPrice('Enter the cached-input price above the threshold'),
  longContextCacheWritePricePer1M: optionalPrice,
  longContextCacheWrite1hPricePer1M: optionalPrice,
});

/** Reads the long-context fields of a form: null when all are empty. */
export function parseLongContextForm(form: FormData): { ok: true; value: LongContext | null } | { ok: false; errors: Partial<Record<LongContextField, string>> } {
  const raw = Object.fromEntries(LONG_CONTEXT_FIELDS.map((f) => [f, form.get(f) ?? '']));
  if (Object.values(raw).every(blank)) return { ok: true, value: null };
  if (blank(raw.longContextAboveTokens)) return { ok: false, errors: { longContextAboveTokens: 'Enter the prompt size above which these prices apply' } };
  const parsed = tierFormSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Partial<Record<LongContextField, string>> = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as LongContextField] ??= issue.message;
    return { ok: false, errors };
  }
  const v = parsed.data;
  return {
    ok: true,
    value: {
      aboveTokens: v.longContextAboveTokens,
      inputPricePer1M: v.longContextInputPricePer1M,
      outputPricePer1M: v.longContextOutputPricePer1M,
      cachedInputPricePer1M: v.longContextCachedInputPricePer1M,
      cacheWritePricePer1M: v.longContextCacheWritePricePer1M,
      cacheWrite1hPricePer1M: v.longContextCacheWrite1hPricePer1M,
    },
  };
}

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 3 });

/** e.g. "above 200K tokens: $6.00 in · $22.50 out · $0.60 cached · $7.50 cache write · $12.00 cache write (1h) / 1M" */
export function formatLongContext(tier: LongContext | null): string {
  if (!tier) return '—';
  const parts = [`${usd.format(tier.inputPricePer1M)} in`, `${usd.format(tier.outputPricePer1M)} out`, `${usd.format(tier.cachedInputPricePer1M)} cached`];
  if (tier.cacheWritePricePer1M !== null) parts.push(`${usd.format(tier.cacheWritePricePer1M)} cache write`);
  if (tier.cacheWrite1hPricePer1M !== null) parts.push(`${usd.format(tier.cacheWrite1hPricePer1M)} cache write (1h)`);
  return `above ${formatCompact(tier.aboveTokens)} tokens: ${parts.join(' · ')} / 1M`;
}
