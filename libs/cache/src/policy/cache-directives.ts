import { z } from 'zod';
import { CacheHeader, type CachePolicy } from '@sluice/contracts';

export interface CacheDirectives {
  /** Look the request up (exact, and semantic when `semanticThreshold` is set). */
  lookup: boolean;
  /** Store the fresh answer (exact, and queue a semantic write when `semanticThreshold` is set). */
  store: boolean;
  /** Minimum cosine similarity for a semantic hit, or null when the semantic cache is not in play. */
  semanticThreshold: number | null;
}

/** A cache header with a value we do not accept; the gateway answers 400 with this message. */
export class InvalidCacheHeaderError extends Error {
  constructor(
    readonly header: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidCacheHeaderError';
  }
}

export type HeaderBag = Record<string, string | string[] | undefined>;

const overrideSchema = z.enum(['bypass', 'refresh']);
const thresholdSchema = z.coerce.number().min(0).max(1);

function header(headers: HeaderBag, name: string): string | undefined {
  const direct = headers[name] ?? headers[Object.keys(headers).find((key) => key.toLowerCase() === name) ?? ''];
  const value = Array.isArray(direct) ? direct.join(',') : direct;
  return value === undefined ? undefined : value.trim();
}

/**
 * What to do with the cache for one request:
 * - policy `off` → nothing; `exact` → exact only; `exact+semantic` → both.
 * - `cache-control: no-store` or `x-sluice-cache: bypass` → no lookup, no store.
 * - `cache-control: no-cache` or `x-sluice-cache: refresh` → no lookup, but store the fresh answer.
 * - `x-sluice-cache-threshold: <0..1>` raises the semantic threshold; a lower value is ignored
 *   (the policy's threshold is the floor a client can never go below).
 * @throws InvalidCacheHeaderError for an unknown `x-sluice-cache` or a non-numeric / out-of-range threshold.
 */
export function cacheDirectives(headers: HeaderBag, policy: CachePolicy): CacheDirectives {
  let lookup = policy.mode !== 'off';
  let store = policy.mode !== 'off';

  const cacheControl = (header(headers, 'cache-control') ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim().split('=')[0]);
  if (cacheControl.includes('no-store')) lookup = store = false;
  if (cacheControl.includes('no-cache')) lookup = false;

  const override = header(headers, CacheHeader.Control);
  if (override !== undefined && override !== '') {
    const parsed = overrideSchema.safeParse(override.toLowerCase());
    if (!parsed.success) throw new InvalidCacheHeaderError(CacheHeader.Control, `${CacheHeader.Control} must be 'bypass' or 'refresh'`);
    if (parsed.data === 'bypass') lookup = store = false;
    else lookup = false;
  }

  let semanticThreshold: number | null = null;
  if (policy.mode === 'exact+semantic' && policy.semantic && (lookup || store)) {
    semanticThreshold = policy.semantic.threshold;
    const requested = header(headers, CacheHeader.Threshold);
    if (requested !== undefined && requested !== '') {
      const parsed = thresholdSchema.safeParse(requested);
      if (!parsed.success) throw new InvalidCacheHeaderError(CacheHeader.Threshold, `${CacheHeader.Threshold} must be a number between 0 and 1`);
      semanticThreshold = Math.max(semanticThreshold, parsed.data);
    }
  }
  return { lookup, store, semanticThreshold };
}
