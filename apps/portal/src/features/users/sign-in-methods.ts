import { z } from 'zod';

/** `signIn` of a user answer: how the user signs in to the active organization. */
export const signInMethodsSchema = z.object({
  sso: z.array(z.object({ connectionId: z.string(), connectionName: z.string(), protocol: z.enum(['oidc', 'saml']), lastLoginAt: z.string().nullable() })),
  scim: z.boolean(),
  localLogin: z.boolean(),
});
export type SignInMethods = z.output<typeof signInMethodsSchema>;

const PROTOCOL_LABELS: Record<SignInMethods['sso'][number]['protocol'], string> = { oidc: 'OIDC', saml: 'SAML' };

/** One line per way in, as the users page shows them; a user with none was invited and has not signed in with SSO yet. */
export function signInLines(signIn: SignInMethods): string[] {
  const lines = signIn.sso.map((c) => `SSO: ${c.connectionName} (${PROTOCOL_LABELS[c.protocol]})`);
  if (signIn.scim) lines.push('Provisioned by SCIM');
  if (signIn.localLogin) lines.push('Local password (break-glass)');
  return lines;
}
