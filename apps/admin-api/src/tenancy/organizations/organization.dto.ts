import { z } from 'zod';
import { MEMBERSHIP_ROLES, type Organization } from '@sluice/db';
import { pageQueryFields, sortSchema } from '../list-query';

const orgName = z.string().trim().min(1).max(200);

export const createOrganizationSchema = z.strictObject({
  name: orgName,
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63').describe('URL-safe, unique across the installation; cannot change later.'),
});
export type CreateOrganizationInput = z.output<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z
  .strictObject({
    name: orgName.optional(),
    breakGlassLoginEnabled: z.boolean().optional().describe('Whether members may use the local password login (for SSO outages).'),
  })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.');
export type UpdateOrganizationInput = z.output<typeof updateOrganizationSchema>;

export const ORG_SORTS = ['name', 'createdAt'] as const;
export const listOrganizationsQuerySchema = z.strictObject({
  ...pageQueryFields,
  q: z.string().trim().min(1).max(200).optional().describe('Part of the name or slug (case-insensitive).'),
  sort: sortSchema(ORG_SORTS, 'name'),
});
export type ListOrganizationsQuery = z.output<typeof listOrganizationsQuerySchema>;

export const organizationViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  breakGlassLoginEnabled: z.boolean(),
  /** The caller's roles in this org (org-wide and per team). */
  myRoles: z.array(z.enum(MEMBERSHIP_ROLES)),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type OrganizationView = z.output<typeof organizationViewSchema>;

export function toOrganizationView(org: Organization, myRoles: readonly string[]): OrganizationView {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    breakGlassLoginEnabled: org.breakGlassLoginEnabled,
    myRoles: [...new Set(myRoles)] as OrganizationView['myRoles'],
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}
