'use client';

import { apiErrorFrom, ApiError } from '../../api/api-error';

/**
 * `GET /api/v1/config/export` answers YAML, not JSON, so it is read as text here (apiRequest parses
 * JSON). The `x-sluice-config-version` header says which config version the file was read at.
 */
export async function fetchConfigExport(orgId: string | null, signal?: AbortSignal): Promise<{ yaml: string; version: number | null }> {
  let response: Response;
  try {
    response = await fetch('/api/v1/config/export', {
      headers: { accept: 'application/yaml, application/problem+json', ...(orgId ? { 'x-sluice-org': orgId } : {}) },
      cache: 'no-store',
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('The portal is not responding. Check your network connection and try again.', 0);
  }
  if (!response.ok) throw apiErrorFrom(response.status, await response.json().catch(() => null));
  const version = Number(response.headers.get('x-sluice-config-version'));
  return { yaml: await response.text(), version: Number.isFinite(version) && response.headers.has('x-sluice-config-version') ? version : null };
}

/** Saves text as a file through a temporary link. */
export function downloadYaml(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
