'use client';

import { z } from 'zod';

const START_PATH = '/api/v1/sso/connections/{id}/test';
const RESULT_PATH = '/api/v1/sso/connections/{id}/test/{testId}';
const openApiPathsSchema = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

/** Whether an OpenAPI document offers both "test connection" routes. */
export function offersConnectionTest(document: unknown): boolean {
  const parsed = openApiPathsSchema.safeParse(document);
  if (!parsed.success) return false;
  return Boolean(parsed.data.paths[START_PATH]?.post && parsed.data.paths[RESULT_PATH]?.get);
}

let detection: Promise<boolean> | null = null;

/**
 * Reads the admin API's OpenAPI document once per page load: the "Test connection" button is shown
 * only when the admin API has the routes (an older admin API simply has no button).
 */
export function detectConnectionTest(fetchImpl: typeof fetch = fetch): Promise<boolean> {
  detection ??= fetchImpl('/api/docs/openapi.json', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then(async (res) => (res.ok ? offersConnectionTest(await res.json()) : false))
    .catch(() => false);
  return detection;
}

/** For tests: forget the cached answer. */
export function resetConnectionTestDetection(): void {
  detection = null;
}
