import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { openAiChatCompletionSchema, type OpenAiChatCompletion } from '@sluice/contracts';

/** Values above this many bytes of JSON are gzipped (then base64, so the value stays a text string). */
export const GZIP_THRESHOLD_BYTES = 2048;
const PLAIN = 'j1:';
const GZIP = 'z1:';

export const cacheEntrySchema = z.object({
  /** Epoch milliseconds when the entry was written. */
  storedAt: z.number().int().nonnegative(),
  /** What served the original call: the model alias asked for and the upstream that answered. */
  servedBy: z.object({
    model: z.string().min(1),
    provider: z.string().min(1).nullable().default(null),
    deployment: z.string().min(1).nullable().default(null),
  }),
  completion: openAiChatCompletionSchema,
});
export type CacheEntry = z.output<typeof cacheEntrySchema>;
export type CacheEntryInput = z.input<typeof cacheEntrySchema>;

/** `j1:<json>` or, above GZIP_THRESHOLD_BYTES, `z1:<base64 gzip of json>`. */
export function encodeCacheEntry(entry: CacheEntryInput): string {
  const json = JSON.stringify(cacheEntrySchema.parse(entry));
  if (Buffer.byteLength(json) <= GZIP_THRESHOLD_BYTES) return PLAIN + json;
  return GZIP + gzipSync(json).toString('base64');
}

/** The entry, or null for anything that is not a well-formed entry (a corrupt entry is a miss). */
export function decodeCacheEntry(raw: string | Buffer | null | undefined): CacheEntry | null {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  try {
    let json: string;
    if (text.startsWith(PLAIN)) json = text.slice(PLAIN.length);
    else if (text.startsWith(GZIP)) json = gunzipSync(Buffer.from(text.slice(GZIP.length), 'base64')).toString('utf8');
    else return null;
    const parsed = cacheEntrySchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type { OpenAiChatCompletion };
