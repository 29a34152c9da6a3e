import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ExportKind } from '@sluice/contracts';

/** How long a download link works. */
export const DOWNLOAD_LINK_TTL_SECONDS = 600;

/**
 * The HMAC key of download links, derived from SLUICE_KEY_PEPPER (domain-separated, so a link
 * token can never be confused with a key hash). Every admin API instance derives the same key.
 */
export function downloadLinkKey(pepper: string): Buffer {
  return createHmac('sha256', pepper).update('sluice:export-download-link:v1').digest();
}

function mac(key: Buffer, kind: ExportKind, exportId: string, orgId: string, expiresAt: number): string {
  return createHmac('sha256', key).update(`${kind}|${exportId}|${orgId}|${expiresAt}`).digest('base64url');
}

/** `<expiry, unix seconds>.<HMAC-SHA-256 over kind, export id, org id and expiry>`. */
export function signDownloadToken(key: Buffer, kind: ExportKind, exportId: string, orgId: string, expiresAt: number): string {
  return `${expiresAt}.${mac(key, kind, exportId, orgId, expiresAt)}`;
}

export type DownloadTokenCheck = { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'invalid' };

export function checkDownloadToken(key: Buffer, token: string, kind: ExportKind, exportId: string, orgId: string, nowSeconds = Math.floor(Date.now() / 1000)): DownloadTokenCheck {
  const match = /^([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(match[1]);
  const expected = Buffer.from(mac(key, kind, exportId, orgId, expiresAt));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  if (expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true };
}
