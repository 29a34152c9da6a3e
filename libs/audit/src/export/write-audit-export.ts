import { createHash, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { canonicalJson, type JsonValue } from '../record/canonical-json';
import type { AuditRecord } from '../record/audit-record';
import { auditFilterSql, auditFiltersSchema, filtersToJson, type AuditFilters } from '../read/audit-filters';
import { streamAuditRecords } from '../read/audit-row-cursor';
import { verifyAuditChain } from '../verify/verify-audit-chain';
import { CSV_HEADER, recordToCsvLine } from './csv-codec';
import { signManifest, type AuditExportManifest, type ExportFormat } from './export-manifest';

export interface WriteAuditExportOptions {
  dataSource: DataSource;
  orgId: string;
  filters: AuditFilters;
  format: ExportFormat;
  /** Receives the file; ended when the export is complete. */
  out: Writable;
  /** From `loadSigningKey(env.SLUICE_AUDIT_SIGNING_KEY)`. */
  signingKey: KeyObject;
  /** Rows per cursor fetch (default 1000). */
  batchSize?: number;
  now?: () => Date;
  /** Called (and awaited) with the number of rows written so far, every `progressEvery` rows (default 1000). */
  onProgress?: (rowsWritten: number) => unknown;
  progressEvery?: number;
}

/** One exported row in JSONL: the canonical record with its hash, RFC 8785, one per line. */
export function recordToJsonLine(record: AuditRecord): string {
  return `${canonicalJson(record as unknown as JsonValue)}\n`;
}

/**
 * Streams an org's audit events (filters applied, ascending seq) as CSV or JSONL into `out` through
 * a server-side cursor, and returns the signed manifest. The export is pinned to the chain head read
 * at the start (later events are not included); the database chain from genesis to that head is
 * re-verified first and the outcome recorded in the manifest (`chainVerified`, `chainBreak`).
 */
export async function writeAuditExport(options: WriteAuditExportOptions): Promise<AuditExportManifest> {
  const orgId = z.uuid().parse(options.orgId);
  const filters = auditFiltersSchema.parse(options.filters);
  const { dataSource, out, format } = options;

  const [head] = (await dataSource.query('SELECT seq::bigint AS seq, hash FROM audit_events WHERE org_id = $1 ORDER BY seq DESC LIMIT 1', [orgId])) as Array<{ seq: string; hash: string }>;
  const chainHead = head ? { seq: Number(head.seq), hash: head.hash } : null;
  const verification = chainHead ? await verifyAuditChain(dataSource, orgId, { toSeq: chainHead.seq, anchor: chainHead }) : null;

  const fileHash = createHash('sha256');
  const write = async (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    fileHash.update(bytes);
    if (!out.write(bytes)) await once(out, 'drain');
  };

  const { where, params } = auditFilterSql(orgId, filters);
  const bounded = `${where} AND seq <= $${params.push(chainHead?.seq ?? 0)} ORDER BY seq`;
  let rowCount = 0;
  let first: AuditRecord | null = null;
  let last: AuditRecord | null = null;
  if (format === 'csv') await write(CSV_HEADER);
  for await (const record of streamAuditRecords(dataSource, { where: bounded, params, batchSize: options.batchSize })) {
    await write(format === 'csv' ? recordToCsvLine(record) : recordToJsonLine(record));
    first ??= record;
    last = record;
    rowCount++;
    if (options.onProgress && rowCount % (options.progressEvery ?? 1000) === 0) await options.onProgress(rowCount);
  }
  out.end();
  await once(out, 'finish');

  return signManifest(
    {
      version: 1,
      orgId,
      filters: filtersToJson(filters),
      format,
      rowCount,
      firstSeq: first?.seq ?? null,
      lastSeq: last?.seq ?? null,
      firstHash: first?.hash ?? null,
      lastHash: last?.hash ?? null,
      contiguous: first !== null && last !== null && last.seq - first.seq + 1 === rowCount,
      chainHead,
      chainVerified: verification === null || verification.ok,
      chainBreak: verification && !verification.ok ? { seq: verification.firstBrokenSeq, reason: verification.reason } : null,
      fileSha256: fileHash.digest('hex'),
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
    },
    options.signingKey,
  );
}
