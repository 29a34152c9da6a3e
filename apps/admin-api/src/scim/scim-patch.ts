import { z } from 'zod';
import { ScimError } from './scim-error';

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const operationSchema = z.object({
  op: z.string().transform((op) => op.toLowerCase()).pipe(z.enum(['add', 'remove', 'replace'])),
  path: z.string().optional(),
  value: z.unknown().optional(),
});
export const patchRequestSchema = z.object({ schemas: z.array(z.string()).optional(), Operations: z.array(operationSchema).min(1).max(1000) });
export type PatchOperation = z.output<typeof operationSchema>;

export function parsePatch(body: unknown): PatchOperation[] {
  const parsed = patchRequestSchema.safeParse(body);
  if (!parsed.success) throw new ScimError(400, 'The body is not a SCIM PatchOp request.', 'invalidSyntax');
  return parsed.data.Operations;
}

/** Entra ID sends booleans as the strings "True"/"False". */
export function scimBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new ScimError(400, 'Expected a boolean.', 'invalidValue');
}

/** `members[value eq "id"]` → the id (Okta and Entra ID remove members this way). */
export function memberFilterValue(path: string): string | null {
  return /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path.trim())?.[1] ?? null;
}

/** Member ids out of `[{value: id}, …]`. */
export function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((m) => {
    const id = (m as { value?: unknown } | null)?.value;
    if (typeof id !== 'string') throw new ScimError(400, 'A member needs a value (the user id).', 'invalidValue');
    return id;
  });
}
