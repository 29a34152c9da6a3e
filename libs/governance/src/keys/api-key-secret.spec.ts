import { displayPrefixOf, generateApiKey, hashApiKey, hashesEqual, looksLikeApiKey } from './api-key-secret';

describe('api key secrets', () => {
  it('generates distinct, well-formed keys whose hash is reproducible only with the same pepper', () => {
    const a = generateApiKey('pepper-one-0123456789');
    const b = generateApiKey('pepper-one-0123456789');
    expect(a.secret).not.toEqual(b.secret);
    expect(a.secret).toMatch(/^sk-sluice-[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(a.secret)).toBe(true);
    expect(a.hash).toBe(hashApiKey('pepper-one-0123456789', a.secret));
    expect(a.hash).not.toBe(hashApiKey('another-pepper-0123456789', a.secret));
    expect(a.displayPrefix).toBe(displayPrefixOf(a.secret));
    expect(a.displayPrefix).toHaveLength('sk-sluice-'.length + 8);
  });

  it('compares hashes without throwing on different lengths', () => {
    const h = hashApiKey('p'.repeat(16), 'sk-sluice-x');
    expect(hashesEqual(h, h)).toBe(true);
    expect(hashesEqual(h, h.slice(0, 10))).toBe(false);
    expect(looksLikeApiKey('sk-other')).toBe(false);
  });
});
