import { z } from 'zod';
import { policyKindSchema, policySpecSchemas, type PolicyKind } from '@sluice/contracts';
import { POLICY_SCOPE_TYPES, type Policy, type PolicyAttachment } from '@sluice/db';

const policyName = z.string().trim().min(1).max(200);
const description = z.string().max(2_000);

const variant = <K extends PolicyKind>(kind: K) =>
  z.strictObject({ kind: z.literal(kind), name: policyName, description: description.default(''), spec: policySpecSchemas[kind] });

/** One variant per kind, so `spec` is validated by the schema the gateway applies and errors read `spec.<field>`. */
export const createPolicySchema = z.discriminatedUnion('kind', [variant('rate_limit'), variant('budget'), variant('cache'), variant('guardrail'), variant('logging')]);
export type CreatePolicyInput = z.output<typeof createPolicySchema>;

/** The kind cannot change; `spec` is validated with the policy's kind. `expectedVersion` guards against lost updates (409). */
export const updatePolicySchema = z.strictObject({
  name: policyName.optional(),
  description: description.optional(),
  spec: z.record(z.string(), z.unknown()).optional().describe("A full spec of the policy's kind (replaces the stored one)."),
  expectedVersion: z.number().int().positive().optional(),
});
export type UpdatePolicyInput = z.output<typeof updatePolicySchema>;

export const scopeTypeSchema = z.enum(POLICY_SCOPE_TYPES);

export const listPoliciesQuerySchema = z.strictObject({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  kind: policyKindSchema.optional(),
  scopeType: scopeTypeSchema.optional().describe('With scopeId: only policies attached to this scope.'),
  scopeId: z.uuid().optional(),
  sort: z.enum(['name', '-createdAt']).default('-createdAt'),
});
export type ListPoliciesQuery = z.output<typeof listPoliciesQuerySchema>;

export const attachPolicySchema = z.strictObject({ scopeType: scopeTypeSchema, scopeId: z.uuid() });
export type AttachPolicyInput = z.output<typeof attachPolicySchema>;

export const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

export const effectivePoliciesQuerySchema = z.strictObject({
  scope: z
    .string()
    .regex(/^(org|team|user|key):[0-9a-fA-F-]{36}$/, 'scope is <org|team|user|key>:<uuid>')
    .describe('The scope whose effective policies to compute, e.g. `team:<uuid>`.'),
});

export const attachmentViewSchema = z.object({
  id: z.uuid(),
  scopeType: scopeTypeSchema,
  scopeId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type AttachmentView = z.output<typeof attachmentViewSchema>;

export const policyViewSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  kind: policyKindSchema,
  name: z.string(),
  description: z.string(),
  spec: z.record(z.string(), z.unknown()),
  version: z.number().int().describe('Incremented by every update; pass it as `expectedVersion` to update safely.'),
  attachments: z.array(attachmentViewSchema),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type PolicyView = z.output<typeof policyViewSchema>;

export function toAttachmentView(a: PolicyAttachment): AttachmentView {
  return { id: a.id, scopeType: a.scopeType, scopeId: a.scopeId, createdAt: a.createdAt.toISOString() };
}

export function toPolicyView(policy: Policy, attachments: PolicyAttachment[]): PolicyView {
  return {
    id: policy.id,
    orgId: policy.orgId,
    kind: policy.kind as PolicyKind,
    name: policy.name,
    description: policy.description,
    spec: policy.spec,
    version: policy.version,
    attachments: attachments.map(toAttachmentView),
    createdAt: policy.createdAt.toISOString(),
    updatedAt: policy.updatedAt.toISOString(),
  };
}
