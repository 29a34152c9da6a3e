import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['model', 'requests'], [['gpt-4o-mini', 12], ['claude', 3]])).toBe('model,requests\r\ngpt-4o-mini,12\r\nclaude,3\r\n');
  });

  it('quotes commas, quotes and line breaks, and leaves empty cells for null', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"'], [null, 'two\nlines']])).toBe('a,b\r\n"x, y","say ""hi"""\r\n,"two\nlines"\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas, but not negative numbers', () => {
    expect(toCsv(['label', 'value'], [['=HYPERLINK("x")', -2]])).toBe('label,value\r\n"\'=HYPERLINK(""x"")",-2\r\n');
  });
});
