import { hashApiKey, looksLikeApiKey } from '@sluice/governance';
import type { SnapshotKey } from '@sluice/contracts';
import { GatewayError } from '../errors/gateway-error';
import type { CompiledSnapshot } from '../snapshot/compiled-snapshot';

export type HeaderBag = Record<string, string | string[] | undefined>;

const INVALID_KEY_MESSAGE = 'Invalid API key. Check the key you sent in the Authorization header (Bearer) or x-api-key.';

/** The presented secret: `Authorization: Bearer …` or Anthropic-style `x-api-key`. */
export function presentedKey(headers: HeaderBag): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey.trim() : null;
}

/**
 * Verifies a virtual key against the in-memory snapshot. Unknown, revoked and expired keys all get
 * the same 401 body, so a caller cannot tell which keys exist.
 */
export function verifyVirtualKey(snapshot: CompiledSnapshot, pepper: string, headers: HeaderBag, now = Date.now()): SnapshotKey {
  const secret = presentedKey(headers);
  if (!secret) {
    throw new GatewayError(401, 'authentication_error', 'missing_api_key', 'Missing API key. Send it as "Authorization: Bearer <key>" or "x-api-key: <key>".');
  }
  // Hash even malformed secrets so every rejection costs the same.
  const key = snapshot.keyByHash(hashApiKey(pepper, secret));
  const usable = key && looksLikeApiKey(secret) && !key.revoked && (key.expiresAt === null || Date.parse(key.expiresAt) > now);
  if (!key || !usable) throw new GatewayError(401, 'authentication_error', 'invalid_api_key', INVALID_KEY_MESSAGE);
  return key;
}

export function assertModelAllowed(snapshot: CompiledSnapshot, key: SnapshotKey, model: string): void {
  const denial = snapshot.modelDenialFor(key, model);
  if (denial === 'key') {
    throw new GatewayError(403, 'permission_error', 'model_not_allowed', `This API key may not use the model '${model}'.`, 'model');
  }
  if (denial === 'team') {
    throw new GatewayError(403, 'permission_error', 'model_not_allowed', `This API key's team may not use the model '${model}'. A team admin can request access to it in the model catalog.`, 'model');
  }
}
