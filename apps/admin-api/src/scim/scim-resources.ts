import type { ScimGroup, ScimUser, User } from '@sluice/db';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** Where SCIM resources live, for `meta.location`. */
export function scimBase(publicBaseUrl: string): string {
  return `${publicBaseUrl}/scim/v2`;
}

export function toScimUser(link: ScimUser, user: User, groups: Array<{ id: string; displayName: string }>, base: string): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    id: link.id,
    ...(link.externalId ? { externalId: link.externalId } : {}),
    userName: link.userName,
    displayName: user.displayName,
    name: { formatted: user.displayName },
    emails: [{ value: user.email, primary: true, type: 'work' }],
    active: link.active && user.status === 'active',
    groups: groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${base}/Groups/${g.id}` })),
    meta: { resourceType: 'User', created: link.createdAt.toISOString(), lastModified: link.updatedAt.toISOString(), location: `${base}/Users/${link.id}` },
  };
}

export function toScimGroup(group: ScimGroup, members: Array<{ id: string; userName: string }>, base: string): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    members: members.map((m) => ({ value: m.id, display: m.userName, $ref: `${base}/Users/${m.id}` })),
    meta: { resourceType: 'Group', created: group.createdAt.toISOString(), lastModified: group.updatedAt.toISOString(), location: `${base}/Groups/${group.id}` },
  };
}

export function listResponse(resources: unknown[], totalResults: number, startIndex: number): Record<string, unknown> {
  return { schemas: [LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}
