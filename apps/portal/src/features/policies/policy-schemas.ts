import { policyKindSchema, type PolicyKind } from '@sluice/contracts';
import { z } from 'zod';
import { pageSchema } from '../../api/me-schema';

export const SCOPE_TYPES = ['org', 'team', 'user', 'key'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export const attachmentSchema = z.object({ id: z.string(), scopeType: z.enum(SCOPE_TYPES), scopeId: z.string(), createdAt: z.string() });
export type Attachment = z.output<typeof attachmentSchema>;

export const policySchema = z.object({
  id: z.string(),
  kind: policyKindSchema,
  name: z.string(),
  description: z.string(),
  spec: z.record(z.string(), z.unknown()),
  version: z.number(),
  attachments: z.array(attachmentSchema),
  updatedAt: z.string(),
});
export type Policy = z.output<typeof policySchema>;
export const policyPageSchema = pageSchema(policySchema);

export const KIND_LABELS: Record<PolicyKind, string> = {
  rate_limit: 'Rate limit',
  budget: 'Budget',
  cache: 'Caching',
  guardrail: 'Guardrail',
  logging: 'Logging',
};

export const SCOPE_LABELS: Record<ScopeType, string> = { org: 'Organization', team: 'Team', user: 'User', key: 'API key' };
