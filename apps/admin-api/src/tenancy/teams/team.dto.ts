import { z } from 'zod';
import type { Team } from '@sluice/db';
import { pageQueryFields, sortSchema } from '../list-query';

const modelName = z.string().trim().min(1).max(200);
const teamName = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const allowedModels = z
  .array(modelName)
  .max(500)
  .transform((names) => [...new Set(names)])
  .describe("Catalog models the team may use; empty means every model of the org's catalog.");

/** org id, timestamps and ids come from the server (strict: extra fields are 400). */
export const createTeamSchema = z.strictObject({
  name: teamName,
  description: description.default(''),
  allowedModels: allowedModels.default([]),
});
export type CreateTeamInput = z.output<typeof createTeamSchema>;

/** `allowedModels` only for owners and admins: a team admin sending it gets a 400 (model access goes through approvals). */
export const updateTeamSchema = z
  .strictObject({ name: teamName.optional(), description: description.optional(), allowedModels: allowedModels.optional() })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change.');
export type UpdateTeamInput = z.output<typeof updateTeamSchema>;

export const TEAM_SORTS = ['name', 'createdAt'] as const;
export const listTeamsQuerySchema = z.strictObject({
  ...pageQueryFields,
  q: z.string().trim().min(1).max(200).optional().describe('Part of the team name (case-insensitive).'),
  sort: sortSchema(TEAM_SORTS, 'name'),
});
export type ListTeamsQuery = z.output<typeof listTeamsQuerySchema>;

export const deleteTeamQuerySchema = z.strictObject({
  force: z.enum(['true', 'false']).default('false').describe('Revoke the team’s active keys instead of refusing (409).'),
});

export const teamViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  description: z.string(),
  allowedModels: z.array(z.string()),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type TeamView = z.output<typeof teamViewSchema>;

export const deletedTeamSchema = z.object({ id: z.uuid(), revokedKeyIds: z.array(z.uuid()) });

export function toTeamView(team: Team): TeamView {
  return {
    id: team.id,
    orgId: team.orgId,
    name: team.name,
    description: team.description,
    allowedModels: team.allowedModels,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}
