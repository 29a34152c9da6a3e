import { CsvRowParser, decodeCsvCell, encodeCsvCell, recordFromCsvCells, recordToCsvLine } from './csv-codec';
import { computeRecordHash, type AuditRecord } from '../record/audit-record';

function parseAll(text: string, chunk = 3): Array<Array<string | null>> {
  const parser = new CsvRowParser();
  const rows: Array<Array<string | null>> = [];
  for (let i = 0; i < text.length; i += chunk) rows.push(...parser.push(text.slice(i, i + chunk)));
  return [...rows, ...parser.end()];
}

describe('CSV codec', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2', '@SUM(A1)', '\tx', '\rx', "'quoted"])('neutralises the formula %j and restores it', (value) => {
    const cell = encodeCsvCell(value);
    expect(cell.startsWith(`"'`)).toBe(true);
    expect(decodeCsvCell(parseAll(`${cell}\r\n`)[0][0])).toBe(value);
  });

  it('quotes commas, quotes and line breaks, and tells NULL from the empty string', () => {
    const values = ['a,b', 'say "hi"', 'line1\r\nline2', '', null, 'plain'];
    const line = `${values.map(encodeCsvCell).join(',')}\r\n`;
    for (const chunk of [1, 2, 5, 1000]) expect(parseAll(line + line, chunk)).toEqual([values, values]);
  });

  it('refuses malformed input', () => {
    expect(() => parseAll('"open')).toThrow(/unterminated/);
    expect(() => parseAll('"a"b\r\n')).toThrow(/malformed/);
  });

  it('round-trips a record exactly, so its hash can be recomputed from the file', () => {
    const unsigned: Omit<AuditRecord, 'hash'> = {
      id: '00000000-0000-4000-8000-000000000001', org_id: '00000000-0000-4000-8000-0000000000aa', seq: 7, occurred_at: '2026-11-25T10:00:00.123Z',
      actor_type: 'user', actor_id: '=cmd|calc', actor_auth_method: 'oidc', action: 'team.updated', target_type: 'team', target_id: '-1',
      before: { name: 'a,"b"\n' }, after: null, ip: '::1', user_agent: '', result: 'success', request_id: null, prev_hash: 'a'.repeat(64),
    };
    const record = { ...unsigned, hash: computeRecordHash(unsigned) };
    const back = recordFromCsvCells(parseAll(recordToCsvLine(record))[0]);
    expect(back).toEqual(record);
    expect(computeRecordHash(back)).toBe(record.hash);
  });
});
