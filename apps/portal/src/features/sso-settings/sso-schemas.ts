import { z } from 'zod';

/** `GET /api/v1/sso/connections[/id]`: the client secret is never returned, only whether one is set. */
export const ssoConnectionSchema = z.object({
  id: z.string(),
  type: z.enum(['oidc', 'saml']),
  name: z.string(),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  hasClientSecret: z.boolean(),
  redirectUri: z.string().nullable(),
  acsUrl: z.string().nullable(),
  spEntityId: z.string().nullable(),
  spMetadataUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SsoConnection = z.output<typeof ssoConnectionSchema>;

export const groupMappingSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  idpGroup: z.string(),
  orgRole: z.string().nullable(),
  teamId: z.string().nullable(),
  teamRole: z.string().nullable(),
  createdAt: z.string(),
});
export type GroupMapping = z.output<typeof groupMappingSchema>;

const placeRole = z.object({ teamId: z.string().nullable(), role: z.string() });

/** A "test connection" run (`POST /api/v1/sso/connections/{id}/test`, `GET …/test/{testId}`). */
export const connectionTestSchema = z.object({
  status: z.enum(['pending', 'succeeded', 'failed']),
  finishedAt: z.string().nullable().optional(),
  result: z
    .object({
      claims: z.object({ subject: z.string(), email: z.string(), emailVerified: z.boolean(), name: z.string().nullable(), groups: z.array(z.string()) }),
      user: z.object({ action: z.enum(['existing', 'link_by_email', 'create']), userId: z.string().nullable(), email: z.string() }),
      matchedGroups: z.array(z.string()),
      changes: z.object({ add: z.array(placeRole), remove: z.array(placeRole), change: z.array(z.object({ teamId: z.string().nullable(), from: z.string(), to: z.string() })) }),
    })
    .nullable(),
  failure: z.object({ reason: z.string(), detail: z.string() }).nullable(),
});
export type ConnectionTest = z.output<typeof connectionTestSchema>;

/** What starting a run answers: only its login URL is needed (the IdP brings the browser back with `?test=<id>`). */
export const connectionTestStartSchema = z.object({ loginUrl: z.string().min(1) });

/** Settings fields as strings for the form, whatever the stored shape. */
export function settingText(settings: Record<string, unknown>, key: string): string {
  const value = settings[key];
  return typeof value === 'string' ? value : '';
}

export function settingList(settings: Record<string, unknown>, key: string): string[] {
  const value = settings[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function claimNames(settings: Record<string, unknown>, key: 'claimMapping' | 'attributeMapping'): { email: string; name: string; groups: string } {
  const value = settings[key];
  const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const pick = (k: string) => (typeof record[k] === 'string' ? (record[k] as string) : k);
  return { email: pick('email'), name: pick('name'), groups: pick('groups') };
}
