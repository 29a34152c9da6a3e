import { z } from 'zod';

const price = z.number().nonnegative().max(1_000_000).describe('USD per 1M tokens');

/** Prompt-cache writes (Anthropic and Bedrock Claude: 1.25× the input price). */
export const cacheWritePriceSchema = price.nullable().describe('Prompt-cache writes, USD per 1M tokens; null = the input price');

/** Anthropic's (and Bedrock Claude's) 1-hour-TTL prompt-cache writes (2× the input price). */
export const cacheWrite1hPriceSchema = price.nullable().describe('1-hour prompt-cache writes (cache_control ttl "1h"), USD per 1M tokens; null = the cache-write price');

/** A long-context tier: its prices apply to the whole request when the prompt exceeds `aboveTokens`. */
export const longContextSchema = z
  .strictObject({
    aboveTokens: z.number().int().positive().max(100_000_000).describe('The tier applies when the prompt (cached and cache-written tokens included) exceeds this many tokens'),
    inputPricePer1M: price,
    outputPricePer1M: price,
    cachedInputPricePer1M: price,
    cacheWritePricePer1M: cacheWritePriceSchema.default(null).describe('null = the tier’s input price'),
    cacheWrite1hPricePer1M: cacheWrite1hPriceSchema.default(null).describe('null = the tier’s cache-write price'),
  })
  .nullable()
  .describe('Prices for the whole request above a prompt size (e.g. Claude Sonnet 4.5 and Gemini 2.5 Pro above 200k tokens); null = none');
export type LongContext = z.output<typeof longContextSchema>;

/** The entity columns of a tier (models and deployments name them alike). */
export interface LongContextColumns {
  longContextAboveTokens: number | null;
  longContextInputPricePer1M: number | null;
  longContextOutputPricePer1M: number | null;
  longContextCachedInputPricePer1M: number | null;
  longContextCacheWritePricePer1M: number | null;
  longContextCacheWrite1hPricePer1M: number | null;
}

export function longContextColumns(tier: LongContext): LongContextColumns {
  return {
    longContextAboveTokens: tier?.aboveTokens ?? null,
    longContextInputPricePer1M: tier?.inputPricePer1M ?? null,
    longContextOutputPricePer1M: tier?.outputPricePer1M ?? null,
    longContextCachedInputPricePer1M: tier?.cachedInputPricePer1M ?? null,
    longContextCacheWritePricePer1M: tier?.cacheWritePricePer1M ?? null,
    longContextCacheWrite1hPricePer1M: tier?.cacheWrite1hPricePer1M ?? null,
  };
}

export function longContextOf(row: LongContextColumns): LongContext {
  if (row.longContextAboveTokens === null) return null;
  return {
    aboveTokens: row.longContextAboveTokens,
    inputPricePer1M: row.longContextInputPricePer1M ?? 0,
    outputPricePer1M: row.longContextOutputPricePer1M ?? 0,
    cachedInputPricePer1M: row.longContextCachedInputPricePer1M ?? 0,
    cacheWritePricePer1M: row.longContextCacheWritePricePer1M,
    cacheWrite1hPricePer1M: row.longContextCacheWrite1hPricePer1M,
  };
}

/** Input fields with `longContext` turned into its columns (absent stays absent, for updates). */
export function withLongContextColumns<T extends { longContext?: LongContext }>(input: T): Omit<T, 'longContext'> & Partial<LongContextColumns> {
  const { longContext, ...rest } = input;
  return longContext === undefined ? rest : { ...rest, ...longContextColumns(longContext) };
}
