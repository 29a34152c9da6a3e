import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'sk-sluice-';
const SECRET_BYTES = 32;
const DISPLAY_CHARS = 8;

export interface GeneratedApiKey {
  /** Shown to the user once; never stored. */
  secret: string;
  /** Short, non-secret identifier for the UI and logs, e.g. `sk-sluice-AbCd1234`. */
  displayPrefix: string;
  hash: string;
}

/** A new high-entropy key (256 bits, base64url). */
export function generateApiKey(pepper: string): GeneratedApiKey {
  const secret = API_KEY_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, displayPrefix: displayPrefixOf(secret), hash: hashApiKey(pepper, secret) };
}

/** HMAC-SHA-256(pepper, secret) as hex: what the database and the config snapshot hold. */
export function hashApiKey(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}

export function displayPrefixOf(secret: string): string {
  return secret.slice(0, API_KEY_PREFIX.length + DISPLAY_CHARS);
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX) && value.length >= API_KEY_PREFIX.length + 20 && value.length <= 200;
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
