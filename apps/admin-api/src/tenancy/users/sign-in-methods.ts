import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { SSO_CONNECTION_TYPES } from '@sluice/db';

export const signInMethodsSchema = z
  .object({
    sso: z
      .array(
        z.object({
          connectionId: z.uuid(),
          connectionName: z.string(),
          protocol: z.enum(SSO_CONNECTION_TYPES),
          lastLoginAt: z.iso.datetime({ offset: true }).nullable().describe('Last sign-in through this connection.'),
        }),
      )
      .describe('SSO identities linked to the user by this organization’s connections (OIDC or SAML), by connection name.'),
    scim: z.boolean().describe('The user was provisioned by this organization’s SCIM client (the IdP manages the account).'),
    localLogin: z.boolean().describe('The user can sign in with email and a local password (the break-glass admin); SSO users cannot.'),
  })
  .describe('How the user signs in to this organization. No SSO identity, no SCIM and no local login: invited, not signed in with SSO yet.');
export type SignInMethods = z.output<typeof signInMethodsSchema>;

interface SignInRow {
  user_id: string;
  local_login: boolean;
  scim: boolean;
  sso: Array<{ connectionId: string; connectionName: string; protocol: SignInMethods['sso'][number]['protocol']; lastLoginAt: string | null }>;
}

/** The sign-in methods of a page of users, in one query; users not found get none. */
export async function signInMethodsOf(manager: EntityManager, orgId: string, userIds: readonly string[]): Promise<Map<string, SignInMethods>> {
  const methods = new Map<string, SignInMethods>();
  if (userIds.length === 0) return methods;
  const rows = (await manager.query(
    `SELECT u.id AS user_id,
            u.password_hash IS NOT NULL AS local_login,
            EXISTS (SELECT 1 FROM scim_users s WHERE s.org_id = $1 AND s.user_id = u.id) AS scim,
            COALESCE((SELECT json_agg(json_build_object('connectionId', c.id, 'connectionName', c.name, 'protocol', c.type, 'lastLoginAt', i.last_login_at) ORDER BY c.name, c.id)
                        FROM sso_identities i JOIN sso_connections c ON c.id = i.connection_id
                       WHERE i.org_id = $1 AND c.org_id = $1 AND i.user_id = u.id), '[]'::json) AS sso
       FROM users u WHERE u.id = ANY($2::uuid[])`,
    [orgId, userIds],
  )) as SignInRow[];
  for (const row of rows) {
    methods.set(row.user_id, {
      sso: row.sso.map((s) => ({ ...s, lastLoginAt: s.lastLoginAt === null ? null : new Date(s.lastLoginAt).toISOString() })),
      scim: row.scim,
      localLogin: row.local_login,
    });
  }
  return methods;
}

export const NO_SIGN_IN_METHOD: SignInMethods = { sso: [], scim: false, localLogin: false };
