export { canonicalJson, type JsonValue } from './record/canonical-json';
export {
  ACTOR_TYPES,
  AUTH_METHODS,
  AUDIT_RESULTS,
  GENESIS_PREV_HASH,
  HASHED_COLUMNS,
  auditRecordSchema,
  canonicalRecord,
  computeRecordHash,
  type ActorType,
  type AuthMethod,
  type AuditResult,
  type AuditRecord,
} from './record/audit-record';
export { redactForAudit, isSensitiveFieldName, REDACTED } from './redaction/redact-for-audit';
