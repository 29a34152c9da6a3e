import { hash as argon2Hash, argon2id } from 'argon2';

/** The roles the portal journeys sign in as; each gets one user with an org-wide or team membership. */
export const E2E_ROLES = ['admin', 'team_admin', 'developer', 'auditor', 'viewer'] as const;
export type E2eRole = (typeof E2E_ROLES)[number];

export type E2eUsers = Record<E2eRole, { email: string }>;

/**
 * Adds one break-glass user per role to the seeded demo org (team roles on the demo team), all with
 * `password`. The seeded admin is reused as `admin`.
 */
export async function seedRoleUsers(databaseUrl: string, seeded: { orgId: string; teamId: string; adminEmail: string }, password: string): Promise<E2eUsers> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const passwordHash = await argon2Hash(password, { type: argon2id });
    const users = { admin: { email: seeded.adminEmail } } as E2eUsers;
    for (const role of E2E_ROLES.filter((r) => r !== 'admin')) {
      const email = `${role.replace('_', '-')}@e2e.sluice.test`;
      const displayName = `E2E ${role.replace('_', ' ')}`;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
        [email, displayName, passwordHash],
      );
      const teamId = role === 'team_admin' || role === 'developer' ? seeded.teamId : null;
      await client.query(`INSERT INTO memberships (user_id, org_id, team_id, role) VALUES ($1, $2, $3, $4)`, [rows[0].id, seeded.orgId, teamId, role]);
      users[role] = { email };
    }
    return users;
  } finally {
    await client.end();
  }
}
