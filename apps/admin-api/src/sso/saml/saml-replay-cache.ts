import { createHash } from 'node:crypto';
import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { Redis } from 'ioredis';

/** How long an AuthnRequest id stays answerable. */
export const SAML_REQUEST_TTL_SECONDS = 10 * 60;
/** Assertion ids are remembered this long (longer than any assertion we accept is valid). */
export const SAML_ASSERTION_MEMORY_SECONDS = 24 * 60 * 60;

/**
 * node-saml's InResponseTo cache in Redis, so every admin API instance sees the same outstanding
 * requests. `removeAsync` (node-saml calls it when a response consumed a request id) is atomic
 * (GETDEL): two instances cannot both accept a response to one request.
 */
export class RedisSamlRequestCache implements CacheProvider {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(id: string): string {
    return `${this.prefix}:saml-request:${createHash('sha256').update(id).digest('hex')}`;
  }

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const createdAt = Date.now();
    const stored = await this.redis.set(this.key(key), JSON.stringify({ value, createdAt }), 'EX', SAML_REQUEST_TTL_SECONDS, 'NX');
    return stored ? { value, createdAt } : null;
  }

  async getAsync(key: string): Promise<string | null> {
    const raw = await this.redis.get(this.key(key));
    return raw ? (JSON.parse(raw) as CacheItem).value : null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const raw = await this.redis.getdel(this.key(key));
    return raw ? (JSON.parse(raw) as CacheItem).value : null;
  }
}

/** True the first time an (IdP, assertion id) pair is seen by any instance; false on a replay. */
export async function firstUseOfAssertion(redis: Redis, prefix: string, idpEntityId: string, assertionId: string): Promise<boolean> {
  const key = `${prefix}:saml-assertion:${createHash('sha256').update(`${idpEntityId}\n${assertionId}`).digest('hex')}`;
  return (await redis.set(key, '1', 'EX', SAML_ASSERTION_MEMORY_SECONDS, 'NX')) === 'OK';
}
