import { canonicalJson, type JsonValue } from '../record/canonical-json';
import { HASHED_COLUMNS, type AuditRecord } from '../record/audit-record';
import { recordToCsvLine } from './csv-codec';
import type { ExportFormat } from './export-manifest';

type Column = (typeof HASHED_COLUMNS)[number] | 'hash';

// canonicalJson sorts object keys with the default sort (UTF-16 code units); these names are ASCII.
const HASHED_ORDER = [...HASHED_COLUMNS].sort();
const LINE_ORDER = [...HASHED_COLUMNS, 'hash' as const].sort();

// Joined from an array: one flat string, where `+=` would leave a tree of pieces to flatten later.
function members(json: Record<Column, string>, order: readonly Column[]): string {
  const parts = new Array<string>(order.length);
  for (let i = 0; i < order.length; i++) parts[i] = `"${order[i]}":${json[order[i]]}`;
  return `{${parts.join(',')}}`;
}

/** One exported row in JSONL: the canonical record with its hash, RFC 8785, one per line. */
export function recordToJsonLine(record: AuditRecord): string {
  return `${canonicalJson(record as unknown as JsonValue)}\n`;
}

/**
 * A record's `canonicalRecord` (what its hash covers) and its line in the export file, from one
 * serialisation of each value instead of one per use. Equal to `canonicalRecord(record)` and
 * `recordToJsonLine(record)` / `recordToCsvLine(record)` (export-line.spec.ts).
 */
export function exportLineOf(record: AuditRecord, format: ExportFormat): { canonical: string; line: string } {
  const json = {} as Record<Column, string>;
  for (const column of LINE_ORDER) json[column] = canonicalJson(record[column] as JsonValue);
  const canonical = members(json, HASHED_ORDER);
  const line = format === 'jsonl' ? `${members(json, LINE_ORDER)}\n` : recordToCsvLine(record, (column) => json[column]);
  return { canonical, line };
}
