import { z } from 'zod';

/** `GET /api/v1/auth/sso/discover?org=<slug>`: how people of an organization sign in. */
export const signInOptionsSchema = z.object({
  connections: z.array(z.object({ id: z.string(), type: z.enum(['oidc', 'saml']), name: z.string() })),
  breakGlassEnabled: z.boolean(),
});
export type SignInOptions = z.output<typeof signInOptionsSchema>;

export const ORG_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const LAST_ORG_KEY = 'sluice-last-org';

/** Where an SSO button goes: the admin API starts the flow and, once signed in, sends the browser to `returnTo`. */
export function ssoStartUrl(connectionId: string, returnTo: string): string {
  return `/api/v1/auth/sso/${encodeURIComponent(connectionId)}/start?returnTo=${encodeURIComponent(returnTo)}`;
}
