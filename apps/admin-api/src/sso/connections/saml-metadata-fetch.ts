import { request } from 'undici';
import { createGuardedAgent, EgressDeniedError, type EgressGuard } from '@sluice/egress';

/** Bounds for fetching an IdP's metadata document. */
export const METADATA_FETCH_LIMITS = { timeoutMs: 10_000, maxBytes: 1_000_000 } as const;

export class MetadataFetchError extends Error {
  override name = 'MetadataFetchError';
}

/**
 * Fetches SAML IdP metadata by URL through the shared egress guard: the URL is checked on write (no
 * private, link-local or metadata addresses unless allow-listed; loopback only with
 * EGRESS_ALLOW_LOOPBACK) and every connection is checked again after DNS resolution, so rebinding
 * cannot reach them either. No redirects are followed; the whole exchange is time-bounded and the
 * body is read only up to `maxBytes`.
 */
export async function fetchIdpMetadata(guard: EgressGuard, url: string, limits: { timeoutMs: number; maxBytes: number } = METADATA_FETCH_LIMITS): Promise<string> {
  try {
    guard.assertUrlAllowed(url);
  } catch (err) {
    throw new MetadataFetchError(`the metadata URL is not allowed (${err instanceof Error ? err.message : String(err)})`);
  }
  const dispatcher = createGuardedAgent(guard, { headersTimeout: limits.timeoutMs, bodyTimeout: limits.timeoutMs });
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const res = await request(url, { method: 'GET', dispatcher, signal, headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' } });
    if (res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump();
      throw new MetadataFetchError(`the metadata URL answered ${res.statusCode}${res.statusCode >= 300 && res.statusCode < 400 ? ' (redirects are not followed: give the final URL)' : ''}`);
    }
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      res.body.destroy();
      throw new MetadataFetchError(`the metadata document is larger than ${limits.maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxBytes) {
        res.body.destroy();
        throw new MetadataFetchError(`the metadata document is larger than ${limits.maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    if (err instanceof MetadataFetchError) throw err;
    if (err instanceof EgressDeniedError || (err as { cause?: unknown }).cause instanceof EgressDeniedError) {
      const denied = err instanceof EgressDeniedError ? err : ((err as { cause: EgressDeniedError }).cause);
      throw new MetadataFetchError(`the metadata URL is not allowed (${denied.message})`);
    }
    if (signal.aborted || (err as { name?: string }).name === 'TimeoutError' || /timeout/i.test(String((err as { code?: string }).code ?? ''))) {
      throw new MetadataFetchError(`the metadata URL did not answer within ${limits.timeoutMs} ms`);
    }
    throw new MetadataFetchError(`the metadata URL could not be fetched (${err instanceof Error ? err.message : String(err)})`);
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}
