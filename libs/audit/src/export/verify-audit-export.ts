import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { auditRecordSchema, type AuditRecord } from '../record/audit-record';
import { ChainChecker } from '../verify/chain-checker';
import { CSV_HEADER, CsvRowParser, EXPORT_COLUMNS, recordFromCsvCells } from './csv-codec';
import { auditExportManifestSchema, checkManifestSignature, type AuditExportManifest } from './export-manifest';

export type AuditExportProblem =
  | 'manifest_invalid'
  | 'wrong_key'
  | 'signature_invalid'
  | 'file_sha256_mismatch'
  | 'row_invalid'
  | 'chain_broken'
  | 'summary_mismatch';

export type AuditExportVerification =
  | { ok: true; manifest: AuditExportManifest }
  | { ok: false; problem: AuditExportProblem; detail: string };

export interface VerifyAuditExportOptions {
  /** Path of the export file. */
  file: string;
  /** The manifest as parsed JSON (validated here). */
  manifest: unknown;
  /** SPKI PEM of the signing key, obtained from the operator out of band. */
  publicKeyPem: string;
}

/**
 * Offline verification of an export: the manifest is well-formed and signed by the given key, the
 * file's SHA-256 is the manifest's, every row hashes to its `hash`, consecutive rows link, and the
 * first/last seq and hash and the row count are the manifest's. Reads the file once, streaming.
 */
export async function verifyAuditExport(options: VerifyAuditExportOptions): Promise<AuditExportVerification> {
  const parsed = auditExportManifestSchema.safeParse(options.manifest);
  if (!parsed.success) return { ok: false, problem: 'manifest_invalid', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const manifest = parsed.data;
  const signature = checkManifestSignature(manifest, options.publicKeyPem);
  if (!signature.ok) return signature;

  const rows = new ExportRowChecker(manifest);
  const fileHash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  const reader = manifest.format === 'csv' ? csvReader() : jsonlReader();
  for await (const chunk of createReadStream(options.file)) {
    fileHash.update(chunk as Buffer);
    if (!rows.failed) reader.push(decoder.write(chunk as Buffer), rows);
  }
  if (!rows.failed) reader.end(decoder.end(), rows);

  const sha = fileHash.digest('hex');
  if (sha !== manifest.fileSha256) {
    return { ok: false, problem: 'file_sha256_mismatch', detail: `file SHA-256 is ${sha}, the manifest says ${manifest.fileSha256}${rows.failed ? ` (and ${rows.failed.detail})` : ''}` };
  }
  if (rows.failed) return { ok: false, ...rows.failed };
  const summary = rows.summaryProblem();
  if (summary) return { ok: false, problem: 'summary_mismatch', detail: summary };
  return { ok: true, manifest };
}

interface RowReader {
  push(text: string, rows: ExportRowChecker): void;
  end(text: string, rows: ExportRowChecker): void;
}

function jsonlReader(): RowReader {
  let pending = '';
  const lines = (text: string, rows: ExportRowChecker, final: boolean) => {
    pending += text;
    const parts = pending.split('\n');
    pending = final ? '' : (parts.pop() ?? '');
    for (const line of final ? parts.filter((l, i) => l !== '' || i < parts.length - 1) : parts) {
      if (rows.failed) return;
      rows.add(() => auditRecordSchema.parse(JSON.parse(line)));
    }
  };
  return { push: (text, rows) => lines(text, rows, false), end: (text, rows) => lines(text, rows, true) };
}

function csvReader(): RowReader {
  const parser = new CsvRowParser();
  let header = true;
  const feed = (cellsList: Array<Array<string | null>>, rows: ExportRowChecker) => {
    for (const cells of cellsList) {
      if (rows.failed) return;
      if (header) {
        header = false;
        if (cells.join(',') !== EXPORT_COLUMNS.join(',')) rows.fail('row_invalid', `unexpected CSV header, expected ${CSV_HEADER.trim()}`);
        continue;
      }
      rows.add(() => recordFromCsvCells(cells));
    }
  };
  const guarded = (work: () => Array<Array<string | null>>, rows: ExportRowChecker) => {
    try {
      feed(work(), rows);
    } catch (error) {
      rows.fail('row_invalid', `row ${rows.count + 1}: ${(error as Error).message}`);
    }
  };
  return { push: (text, rows) => guarded(() => parser.push(text), rows), end: (text, rows) => guarded(() => [...parser.push(text), ...parser.end()], rows) };
}

/** Checks rows one by one against each other and the manifest. */
class ExportRowChecker {
  failed: { problem: AuditExportProblem; detail: string } | null = null;
  count = 0;
  private chain: ChainChecker | null = null;
  private first: AuditRecord | null = null;
  private last: AuditRecord | null = null;

  constructor(private readonly manifest: AuditExportManifest) {}

  fail(problem: AuditExportProblem, detail: string): void {
    this.failed ??= { problem, detail };
  }

  add(parse: () => AuditRecord): void {
    let record: AuditRecord;
    try {
      record = parse();
    } catch (error) {
      this.fail('row_invalid', `row ${this.count + 1}: ${(error as Error).message}`);
      return;
    }
    if (record.org_id !== this.manifest.orgId) return this.fail('row_invalid', `row ${this.count + 1} belongs to org ${record.org_id}`);
    this.chain ??= new ChainChecker({ seq: record.seq, prevHash: record.prev_hash, allowGaps: !this.manifest.contiguous });
    const broken = this.chain.check(record);
    if (broken) return this.fail('chain_broken', `${broken.reason}: ${broken.detail}`);
    this.first ??= record;
    this.last = record;
    this.count++;
  }

  summaryProblem(): string | null {
    const m = this.manifest;
    const actual = { rowCount: this.count, firstSeq: this.first?.seq ?? null, lastSeq: this.last?.seq ?? null, firstHash: this.first?.hash ?? null, lastHash: this.last?.hash ?? null };
    for (const [key, value] of Object.entries(actual)) {
      if (m[key as keyof typeof actual] !== value) return `the file's ${key} is ${String(value)}, the manifest says ${String(m[key as keyof typeof actual])}`;
    }
    if (m.chainHead && m.lastSeq === m.chainHead.seq && m.lastHash !== m.chainHead.hash) return 'the last row is the chain head but its hash differs from chainHead.hash';
    return null;
  }
}
