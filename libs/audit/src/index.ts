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
export { appendAuditEvent, AuditAppendError, AUDIT_APPEND_LOCK_NAMESPACE } from './writer/append-audit-event';
export { auditEventInputSchema, AUDIT_ACTION, type AuditEventInput } from './writer/audit-event-input';
export { streamAuditRecords, type AuditCursorQuery } from './read/audit-row-cursor';
export { ChainChecker, CHAIN_BREAK_REASONS, type ChainBreak, type ChainBreakReason, type ChainCheckerStart } from './verify/chain-checker';
export { verifyAuditChain, verifyAuditChainOptionsSchema, type VerifyAuditChainOptions, type AuditChainVerification } from './verify/verify-audit-chain';
export { auditFiltersSchema, auditFilterSql, filtersToJson, type AuditFilters, type ParsedAuditFilters } from './read/audit-filters';
export { searchAuditEvents, auditPageSchema, type AuditPage, type AuditSearchResult } from './search/search-audit-events';
export {
  loadSigningKey,
  publicKeyPemOf,
  signingKeyIdOf,
  generateDevSigningKey,
  AuditSigningKeyError,
  type DevSigningKey,
} from './export/signing-key';
export {
  auditExportManifestSchema,
  manifestSigningPayload,
  signManifest,
  checkManifestSignature,
  EXPORT_FORMATS,
  type AuditExportManifest,
  type ExportFormat,
} from './export/export-manifest';
export { writeAuditExport, type WriteAuditExportOptions } from './export/write-audit-export';
export { verifyAuditExport, type VerifyAuditExportOptions, type AuditExportVerification, type AuditExportProblem } from './export/verify-audit-export';
export { EXPORT_COLUMNS } from './export/csv-codec';
export { countAuditExportRows } from './export/count-audit-export-rows';
export { signJsonDocument, verifyJsonDocumentSignature, type JsonSignature } from './export/signed-json';
