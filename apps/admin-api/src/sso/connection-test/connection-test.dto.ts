import { z } from 'zod';
import { MEMBERSHIP_ROLES } from '@sluice/db';

const role = z.enum(MEMBERSHIP_ROLES);
const placeRole = z.object({ teamId: z.uuid().nullable().describe('null = org-wide'), role });

/** What a successful test sign-in asserted and what signing in WOULD do (nothing is applied). */
export const connectionTestSuccessSchema = z.object({
  claims: z.object({
    subject: z.string().describe('OIDC `sub` or SAML NameID'),
    email: z.string(),
    emailVerified: z.boolean(),
    name: z.string().nullable(),
    groups: z.array(z.string()).describe('The groups claim/attribute after the connection’s mapping'),
  }),
  user: z.object({
    action: z.enum(['existing', 'link_by_email', 'create']).describe('existing = already linked to this connection; link_by_email = an existing account with that (verified) email would be linked; create = a new user would be created'),
    userId: z.uuid().nullable(),
    email: z.string(),
  }),
  matchedGroups: z.array(z.string()).describe('IdP groups that at least one group mapping of this connection names'),
  changes: z.object({
    add: z.array(placeRole),
    remove: z.array(placeRole),
    change: z.array(z.object({ teamId: z.uuid().nullable(), from: role, to: role })),
  }),
  membershipsAfter: z.array(placeRole.extend({ source: z.enum(['manual', 'provisioned']) })),
});
export type ConnectionTestSuccess = z.infer<typeof connectionTestSuccessSchema>;

export const connectionTestFailureSchema = z.object({
  reason: z
    .string()
    .describe(
      'Machine-readable: idp_error (the IdP answered an error, e.g. access_denied), invalid_state, token_validation_failed, alg_not_allowed, discovery_failed, misconfigured, validation_failed, wrong_destination, wrong_recipient, replayed, comments_refused, sha1_refused, malformed, email_missing, email_not_verified, user_inactive',
    ),
  detail: z.string().describe('What exactly failed, for the admin (may quote the IdP’s error)'),
});

export const connectionTestSchema = z.object({
  id: z.string(),
  connectionId: z.uuid(),
  status: z.enum(['pending', 'succeeded', 'failed']).describe('pending until the browser comes back from the IdP'),
  loginUrl: z.string().describe('Open in the browser (same origin as the portal): starts the real sign-in with this connection'),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().describe('The run and its result are kept until then'),
  finishedAt: z.iso.datetime().nullable(),
  result: connectionTestSuccessSchema.nullable().describe('Set when status = succeeded'),
  failure: connectionTestFailureSchema.nullable().describe('Set when status = failed'),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const connectionTestParams = z.object({ id: z.uuid(), testId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
