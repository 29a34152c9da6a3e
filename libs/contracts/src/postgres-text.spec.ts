import { isPostgresStorable, postgresStorable } from './postgres-text';

describe('text as Postgres can store it', () => {
  it('keeps ordinary text, emoji (whole surrogate pairs) and escaped-looking text as they are', () => {
    for (const text of ['plain', 'emoji \ud83d\ude00', 'the six characters \\u0000', '']) {
      expect(isPostgresStorable(text)).toBe(true);
      expect(postgresStorable(text)).toBe(text);
    }
  });

  it('replaces U+0000 and lone surrogates with U+FFFD', () => {
    expect(isPostgresStorable('a\u0000b')).toBe(false);
    expect(postgresStorable('a\u0000b\u0000')).toBe('a\uFFFDb\uFFFD');
    expect(postgresStorable('cut \ud83d')).toBe('cut \uFFFD');
    expect(postgresStorable('\ude00 alone, \ud83d\ude00 whole')).toBe('\uFFFD alone, \ud83d\ude00 whole');
  });
});
