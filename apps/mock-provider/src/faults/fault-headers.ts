import { z } from 'zod';
import { faultSettingsSchema, type FaultSettings } from './fault-settings';

/** Thrown for a malformed `x-mock-*` header; answered as a 400 in the provider's format. */
export class MockHeaderError extends Error {
  override name = 'MockHeaderError';
}

type HeaderBag = Record<string, string | string[] | undefined>;

const integer = (header: string) =>
  z
    .string()
    .regex(/^\d+$/, `${header} must be a non-negative integer`)
    .transform((value) => Number(value));

const headerParsers: Record<string, { key: keyof FaultSettings; parse: z.ZodType }> = {
  'x-mock-latency-ms': { key: 'latencyMs', parse: integer('x-mock-latency-ms') },
  'x-mock-latency-range-ms': {
    key: 'latencyRangeMs',
    parse: z
      .string()
      .regex(/^\d+-\d+$/, 'x-mock-latency-range-ms must look like "100-300"')
      .transform((value) => {
        const [min, max] = value.split('-').map(Number);
        return { min, max };
      }),
  },
  'x-mock-ttft-ms': { key: 'ttftMs', parse: integer('x-mock-ttft-ms') },
  'x-mock-chunk-delay-ms': { key: 'chunkDelayMs', parse: integer('x-mock-chunk-delay-ms') },
  'x-mock-status': { key: 'status', parse: integer('x-mock-status') },
  'x-mock-error-message': { key: 'errorMessage', parse: z.string() },
  'x-mock-retry-after': { key: 'retryAfterSeconds', parse: integer('x-mock-retry-after') },
  'x-mock-fail-first': { key: 'failFirst', parse: integer('x-mock-fail-first') },
  'x-mock-fail-scope': { key: 'failScope', parse: z.string() },
  'x-mock-fail-status': { key: 'failStatus', parse: integer('x-mock-fail-status') },
  'x-mock-drop-after-chunks': { key: 'dropAfterChunks', parse: integer('x-mock-drop-after-chunks') },
  'x-mock-hang': { key: 'hang', parse: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1') },
  'x-mock-output-tokens': { key: 'outputTokens', parse: integer('x-mock-output-tokens') },
};

export const MOCK_HEADER_NAMES = Object.keys(headerParsers);

/** Reads the `x-mock-*` request headers into fault settings, validated like the persistent config. */
export function faultSettingsFromHeaders(headers: HeaderBag): FaultSettings {
  const raw: Record<string, unknown> = {};
  for (const [header, { key, parse }] of Object.entries(headerParsers)) {
    const value = headers[header];
    if (value === undefined) continue;
    const parsed = parse.safeParse(Array.isArray(value) ? value[0] : value);
    if (!parsed.success) throw new MockHeaderError(parsed.error.issues[0]?.message ?? `invalid ${header} header`);
    raw[key] = parsed.data;
  }
  const settings = faultSettingsSchema.safeParse(raw);
  if (!settings.success) {
    const issue = settings.error.issues[0];
    throw new MockHeaderError(`invalid x-mock header (${issue?.path.join('.')}): ${issue?.message}`);
  }
  return settings.data;
}
