/**
 * One RFC 4180 cell, always quoted; a text starting with = + - @ TAB CR is prefixed with `'` so
 * spreadsheets do not run it as a formula (team names are user input). Numbers are never prefixed.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return `"${value}"`;
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(values: Array<string | number | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
