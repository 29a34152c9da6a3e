import { MemoryExactCache } from './memory-exact-cache';

describe('MemoryExactCache', () => {
  it('returns entries until their TTL passes', () => {
    let now = 1000;
    const cache = new MemoryExactCache({ clock: () => now });
    cache.set('a', 'j1:{}', 500);
    expect(cache.get('a')).toBe('j1:{}');
    now += 499;
    expect(cache.get('a')).toBe('j1:{}');
    now += 1;
    expect(cache.get('a')).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new MemoryExactCache({ maxEntries: 2 });
    cache.set('a', '1', 60_000);
    cache.set('b', '2', 60_000);
    cache.get('a');
    cache.set('c', '3', 60_000);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['1', null, '3']);
  });

  it('stays within maxBytes and ignores a value larger than the whole cache', () => {
    const cache = new MemoryExactCache({ maxBytes: 100 });
    cache.set('k1', 'x'.repeat(30), 60_000);
    cache.set('k2', 'y'.repeat(30), 60_000);
    expect(cache.get('k1')).toBeNull();
    expect(cache.get('k2')).toBe('y'.repeat(30));
    cache.set('big', 'z'.repeat(100), 60_000);
    expect(cache.get('big')).toBeNull();
    expect(cache.get('k2')).toBe('y'.repeat(30));
  });
});
