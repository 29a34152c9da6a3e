import { z } from 'zod';
import { pageSchema } from '../../api/me-schema';

const jsonObject = z.record(z.string(), z.unknown()).nullable();

/** One audit event as `GET /api/v1/audit/events` returns it (the canonical, hashed record). */
export const auditRecordSchema = z.object({
  id: z.string(),
  org_id: z.string(),
  seq: z.number(),
  occurred_at: z.string(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  actor_auth_method: z.string().nullable(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  before: jsonObject,
  after: jsonObject,
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  result: z.string(),
  request_id: z.string().nullable(),
  prev_hash: z.string().nullable(),
  hash: z.string(),
});
export type AuditRecord = z.output<typeof auditRecordSchema>;

/** A page of records, and names for their actor and target ids (display only: not part of the hashed records). */
export const auditPageSchema = pageSchema(auditRecordSchema).extend({ labels: z.record(z.string(), z.string()).default({}) });

const retentionStartSchema = z.object({ keptSeq: z.number(), purgedAt: z.string(), exportId: z.string() }).optional();
export const chainVerificationSchema = z.union([
  z.object({ ok: z.literal(true), count: z.number(), lastSeq: z.number().nullable(), lastHash: z.string().nullable(), retention: retentionStartSchema }),
  z.object({
    ok: z.literal(false),
    count: z.number(),
    firstBrokenSeq: z.number(),
    reason: z.string(),
    detail: z.string(),
    lastGoodSeq: z.number().nullable(),
    lastGoodHash: z.string().nullable(),
  }),
]);
export type ChainVerification = z.output<typeof chainVerificationSchema>;

/** The search filters the admin API accepts; they live in the page URL. */
export const AUDIT_FILTER_KEYS = ['action', 'actorId', 'targetType', 'targetId', 'result', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
export type AuditFilterValues = Partial<Record<AuditFilterKey, string>>;

export function filtersFromSearch(params: URLSearchParams): AuditFilterValues {
  const values: AuditFilterValues = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = params.get(key);
    if (value) values[key] = value;
  }
  return values;
}
