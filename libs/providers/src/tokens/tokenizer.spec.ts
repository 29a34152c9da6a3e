import { createTokenEstimator, EXACT_TOKENIZE_CHARS, tokens } from './tokenizer';

describe('token estimation', () => {
  const prose = 'The quick brown fox jumps over the lazy dog, then weighs its options with care. ';

  it('is exact for ordinary text', () => {
    expect(tokens('Hello world')).toBe(2);
    // Same as the plain BPE encoder: ordinary text has no runs long enough to be sliced.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tiktoken } = require('js-tiktoken/lite') as { Tiktoken: new (ranks: unknown) => { encode(text: string): number[] } };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ranks = require('js-tiktoken/ranks/o200k_base') as { default?: unknown };
    const plain = new Tiktoken(ranks.default ?? ranks);
    const text = prose.repeat(100) + ' https://example.com/a/b?c=d {"json": [1, 2, 3]}';
    expect(tokens(text)).toBe(plain.encode(text).length);
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
