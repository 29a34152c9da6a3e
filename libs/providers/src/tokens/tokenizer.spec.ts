import { createTokenEstimator, EXACT_TOKENIZE_CHARS, tokens } from './tokenizer';

describe('token estimation', () => {
  const prose = 'The quick brown fox jumps over the lazy dog, then weighs its options with care. ';

  // An independent implementation of the same BPE (js-tiktoken, OpenAI's ranks) as the reference.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Tiktoken } = require('js-tiktoken/lite') as { Tiktoken: new (ranks: unknown) => { encode(text: string, allowed?: string[], disallowed?: string[]): number[] } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ranks = require('js-tiktoken/ranks/o200k_base') as { default?: unknown };
  const reference = new Tiktoken(ranks.default ?? ranks);
  const referenceCount = (text: string) => reference.encode(text, [], []).length;

  it('is exact for ordinary text: prose, code, JSON, URLs, other scripts, emoji, whitespace', () => {
    expect(tokens('Hello world')).toBe(2);
    const samples = [
      prose.repeat(100) + ' https://example.com/a/b?c=d {"json": [1, 2, 3]}',
      'def area(r):\n    return 3.14159 * r ** 2  # circle\n\n\tprint(area(2))\r\n',
      'Ünïcödé, 日本語のテキスト, русский текст, العربية, emoji 🙂👍🏽 and \u00a0non-breaking spaces',
      '   leading and trailing   ',
      '1234567890 3.14159e-10 0xFF $100,000.00',
    ];
    for (const text of samples) expect(tokens(text)).toBe(referenceCount(text));
  });

  it('counts text that looks like a special token as the plain text it is, instead of failing', () => {
    const text = 'What does <|endoftext|> mean, and <|im_start|>?';
    expect(tokens(text)).toBe(referenceCount(text));
    expect(tokens(text)).toBeGreaterThan(tokens('What does  mean, and ?'));
  });

  it('counts long runs without spaces in slices (hostile filler cannot stall the event loop)', () => {
    const run = tokens('x'.repeat(100_000));
    expect(run).toBeGreaterThan(100_000 / 64);
    expect(run).toBeLessThanOrEqual(100_000);
    const letters = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');
    expect(tokens(letters)).toBeGreaterThan(0);
  });

  it('tokenizes a bounded number of characters per request and extrapolates the rest', () => {
    const huge = prose.repeat(20_000);
    const exactPerChar = tokens(prose.repeat(100)) / (prose.length * 100);
    const estimate = tokens(huge);
    expect(Math.abs(estimate - huge.length * exactPerChar) / (huge.length * exactPerChar)).toBeLessThan(0.02);

    const count = createTokenEstimator(1000);
    const first = count(prose.repeat(10)); // 810 chars, exact
    const second = count(prose.repeat(10)); // 190 exact + 620 extrapolated at the observed ratio
    expect(second).toBeGreaterThan(first * 0.95);
    expect(second).toBeLessThan(first * 1.05);
    expect(EXACT_TOKENIZE_CHARS).toBeGreaterThanOrEqual(8192);
  });
});
