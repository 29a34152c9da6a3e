import { z } from 'zod';
import { ACTOR_TYPES, AUDIT_RESULTS, AUTH_METHODS } from '../record/audit-record';
import { redactForAudit } from '../redaction/redact-for-audit';

/** Dotted verb: `api_key.created`, `auth.login_failed`, `audit.export_requested`. */
export const AUDIT_ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

const text = (max: number) => z.string().trim().min(1).max(max);
/** Snapshots are redacted first, then must be a JSON object (or absent). 64 KiB keeps one event bounded. */
const snapshot = z
  .unknown()
  .transform((value) => (value === undefined || value === null ? null : redactForAudit(value)))
  .pipe(z.record(z.string(), z.json()).nullable())
  .refine((value) => value === null || JSON.stringify(value).length <= 65_536, 'before/after larger than 64 KiB');

export const auditEventInputSchema = z
  .strictObject({
    orgId: z.uuid(),
    actor: z.strictObject({
      type: z.enum(ACTOR_TYPES),
      /** User, service account or SCIM token id; absent for `system` and `anonymous`. */
      id: text(200).nullish(),
      authMethod: z.enum(AUTH_METHODS),
    }),
    action: z.string().max(100).regex(AUDIT_ACTION, 'action must be a dotted verb like api_key.created'),
    target: z.strictObject({ type: text(100), id: text(200).nullish() }).nullish(),
    before: snapshot.optional(),
    after: snapshot.optional(),
    ip: z.union([z.ipv4(), z.ipv6()]).nullish(),
    /** Truncated rather than refused: a long header must not make the audited change fail. */
    userAgent: z.string().nullish().transform((ua) => (ua ? ua.slice(0, 512) : null)),
    result: z.enum(AUDIT_RESULTS),
    requestId: text(200).nullish(),
  })
  .refine((e) => e.actor.type === 'system' || e.actor.type === 'anonymous' || Boolean(e.actor.id), {
    message: 'actor.id is required for users, service accounts and SCIM',
    path: ['actor', 'id'],
  });

/** What a caller passes to `appendAuditEvent` (before/after may be any entity or DTO: they are redacted). */
export type AuditEventInput = z.input<typeof auditEventInputSchema>;
export type ParsedAuditEventInput = z.output<typeof auditEventInputSchema>;
