import { z } from 'zod';
import { pageSchema } from '../../api/me-schema';

export const teamSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  description: z.string(),
  allowedModels: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Team = z.output<typeof teamSchema>;
export const teamPageSchema = pageSchema(teamSchema);

export const TEAM_ROLES = ['team_admin', 'developer', 'viewer'] as const;

export const teamMemberSchema = z.object({
  userId: z.string(),
  teamId: z.string(),
  email: z.string(),
  displayName: z.string(),
  status: z.string(),
  role: z.string(),
  createdAt: z.string(),
});
export type TeamMember = z.output<typeof teamMemberSchema>;
export const teamMemberPageSchema = pageSchema(teamMemberSchema);

export const orgUserSchema = z.object({ id: z.string(), email: z.string(), displayName: z.string(), status: z.string() });
export const orgUserPageSchema = pageSchema(orgUserSchema);

export const catalogModelNameSchema = z.object({ name: z.string(), status: z.string() });
export const catalogNamesPageSchema = pageSchema(catalogModelNameSchema);

const budgetSchema = z.object({ amountUsd: z.number(), period: z.string(), hard: z.boolean(), alertThresholds: z.array(z.number()) });
const sourceShape = { scopeType: z.string(), scopeId: z.string(), policyId: z.string(), policyName: z.string() };
const limitsSchema = z.object({ rpm: z.number().optional(), tpm: z.number().optional(), maxConcurrent: z.number().optional() }).passthrough();

/** `GET /api/v1/policies/effective?scope=team:<id>`: what the gateway applies to the team, with live budget spend. */
export const effectivePoliciesSchema = z.object({
  rateLimits: z.object({ merged: limitsSchema, sources: z.array(z.object({ ...sourceShape, limits: limitsSchema })) }),
  budgets: z.array(
    z.object({
      ...sourceShape,
      budget: budgetSchema,
      spend: z.object({ periodEndsAt: z.string().nullable(), spentUsd: z.number(), reservedUsd: z.number(), remainingUsd: z.number() }),
    }),
  ),
});
export type EffectivePolicies = z.output<typeof effectivePoliciesSchema>;

export const attachmentSchema = z.object({ id: z.string(), scopeType: z.string(), scopeId: z.string() });

export const policySchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  spec: z.record(z.string(), z.unknown()),
  version: z.number(),
  attachments: z.array(attachmentSchema),
});
export const policyPageSchema = pageSchema(policySchema);
