import { canonicalJson } from '../record/canonical-json';
import { auditRecordSchema, HASHED_COLUMNS, type AuditRecord } from '../record/audit-record';

/** Export columns, in order: every hashed column, then `hash`. The CSV header row. */
export const EXPORT_COLUMNS = [...HASHED_COLUMNS, 'hash'] as const;

/** Cells a spreadsheet would run as a formula (OWASP CSV injection), plus `'` so the guard is reversible. */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * One CSV cell (RFC 4180): NULL is an empty unquoted cell, every value is quoted (so "" is an empty
 * string), quotes are doubled, and a value starting with = + - @ tab CR or ' gets a leading `'`,
 * which `decodeCsvCell` removes again: the export stays safe to open and exactly verifiable.
 */
export function encodeCsvCell(value: string | null): string {
  if (value === null) return '';
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${guarded.replace(/"/g, '""')}"`;
}

export function decodeCsvCell(cell: string | null): string | null {
  if (cell === null) return null;
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

export const CSV_HEADER = `${EXPORT_COLUMNS.map(encodeCsvCell).join(',')}\r\n`;

/** `canonicalJson`: the serialiser of `before`/`after`, e.g. one that returns what was serialised already. */
export function recordToCsvLine(record: AuditRecord, json: (column: 'before' | 'after') => string = (column) => canonicalJson(record[column])): string {
  return `${EXPORT_COLUMNS.map((column) => {
    const value = record[column];
    if (value === null) return encodeCsvCell(null);
    if (column === 'before' || column === 'after') return encodeCsvCell(json(column));
    return encodeCsvCell(String(value));
  }).join(',')}\r\n`;
}

/** Inverse of `recordToCsvLine` for parsed cells (null = unquoted empty). Throws on anything malformed. */
export function recordFromCsvCells(cells: Array<string | null>): AuditRecord {
  if (cells.length !== EXPORT_COLUMNS.length) throw new Error(`expected ${EXPORT_COLUMNS.length} columns, got ${cells.length}`);
  const raw: Record<string, unknown> = {};
  EXPORT_COLUMNS.forEach((column, i) => {
    const value = decodeCsvCell(cells[i]);
    if (value === null) raw[column] = null;
    else if (column === 'seq') raw[column] = /^[1-9][0-9]*$/.test(value) ? Number(value) : value;
    else if (column === 'before' || column === 'after') raw[column] = JSON.parse(value) as unknown;
    else raw[column] = value;
  });
  return auditRecordSchema.parse(raw);
}

/**
 * Incremental RFC 4180 parser: feed text in chunks of any size, get complete rows back. A cell is
 * null when it was empty and unquoted. Memory is bounded by the longest row.
 */
export class CsvRowParser {
  private row: Array<string | null> = [];
  private cell = '';
  private quoted = false;
  private state: 'start' | 'unquoted' | 'quoted' | 'quote' = 'start';

  push(text: string): Array<Array<string | null>> {
    const rows: Array<Array<string | null>> = [];
    for (const ch of text) {
      switch (this.state) {
        case 'start':
          if (ch === '"') { this.state = 'quoted'; this.quoted = true; } else this.plain(ch, rows);
          break;
        case 'unquoted':
          this.plain(ch, rows);
          break;
        case 'quoted':
          if (ch === '"') this.state = 'quote'; else this.cell += ch;
          break;
        case 'quote':
          if (ch === '"') { this.cell += '"'; this.state = 'quoted'; } else this.plain(ch, rows);
          break;
      }
    }
    return rows;
  }

  /** Call at end of input: fails on an unterminated quote, returns a last row without line break. */
  end(): Array<Array<string | null>> {
    if (this.state === 'quoted') throw new Error('unterminated quoted cell at end of file');
    if (this.state === 'start' && this.row.length === 0) return [];
    this.endCell();
    return [this.takeRow()];
  }

  private plain(ch: string, rows: Array<Array<string | null>>): void {
    if (ch === ',') { this.endCell(); return; }
    if (ch === '\r') return;
    if (ch === '\n') { this.endCell(); rows.push(this.takeRow()); return; }
    if (this.quoted || ch === '"') throw new Error('malformed CSV: text after a closing quote or a quote inside an unquoted cell');
    this.cell += ch;
    this.state = 'unquoted';
  }

  private endCell(): void {
    this.row.push(this.quoted || this.cell !== '' ? this.cell : null);
    this.cell = '';
    this.quoted = false;
    this.state = 'start';
  }

  private takeRow(): Array<string | null> {
    const row = this.row;
    this.row = [];
    return row;
  }
}
