import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SERVICE_ACCOUNT_ROLES, type ServiceAccountRole } from '@sluice/db';
import { hashApiKey } from '@sluice/governance';
import type { ServiceAccountPrincipal } from './principal';

export const SERVICE_ACCOUNT_TOKEN_PREFIX = 'sat-sluice-';
const TOKEN_BYTES = 32;
const DISPLAY_CHARS = 8;
/** last_used_at is written at most this often per token, so automation does not turn every call into a write. */
const LAST_USED_RESOLUTION_SECONDS = 60;

export interface GeneratedServiceAccountToken {
  token: string;
  displayPrefix: string;
  hash: string;
}

/** A new bearer token: shown once, stored only as HMAC-SHA-256(pepper, token). */
export function generateServiceAccountToken(pepper: string): GeneratedServiceAccountToken {
  const token = SERVICE_ACCOUNT_TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, displayPrefix: token.slice(0, SERVICE_ACCOUNT_TOKEN_PREFIX.length + DISPLAY_CHARS), hash: hashServiceAccountToken(pepper, token) };
}

export function hashServiceAccountToken(pepper: string, token: string): string {
  return hashApiKey(pepper, token);
}

/**
 * The token of `Authorization: Bearer <token>`; '' for a Bearer header without exactly one token
 * (a failed bearer attempt); null when there is no Bearer header (other schemes are ignored).
 */
export function bearerTokenOf(authorization: string | string[] | undefined): string | null {
  if (typeof authorization !== 'string' || !/^Bearer(\s|$)/i.test(authorization.trim())) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return match ? match[1] : '';
}

interface TokenRow {
  token_id: string;
  service_account_id: string;
  org_id: string;
  team_id: string | null;
  name: string;
  role: string;
}

/**
 * The service account a bearer token belongs to, or null when the token is unknown, revoked,
 * expired or its account disabled (all the same answer, so a caller cannot tell which).
 */
export async function resolveServiceAccountToken(dataSource: DataSource, pepper: string, token: string): Promise<ServiceAccountPrincipal | null> {
  // Hash even malformed tokens so every rejection costs the same.
  const hash = hashServiceAccountToken(pepper, token);
  if (!token.startsWith(SERVICE_ACCOUNT_TOKEN_PREFIX) || token.length > 200) return null;
  const rows = (await dataSource.query(
    `SELECT t.id AS token_id, a.id AS service_account_id, a.org_id, a.team_id, a.name, a.role
       FROM service_account_tokens t
       JOIN service_accounts a ON a.id = t.service_account_id
      WHERE t.hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND a.disabled_at IS NULL`,
    [hash],
  )) as TokenRow[];
  const row = rows[0];
  if (!row || !(SERVICE_ACCOUNT_ROLES as readonly string[]).includes(row.role)) return null;
  await dataSource.query(
    `UPDATE service_account_tokens SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
    [row.token_id, LAST_USED_RESOLUTION_SECONDS],
  );
  const role = row.role as ServiceAccountRole;
  const teamScoped = role === 'team_admin' || role === 'developer';
  return {
    actorType: 'service_account',
    serviceAccountId: row.service_account_id,
    tokenId: row.token_id,
    name: row.name,
    orgId: row.org_id,
    memberships: [{ orgId: row.org_id, teamId: teamScoped ? row.team_id : null, role }],
    roles: [role],
  };
}
