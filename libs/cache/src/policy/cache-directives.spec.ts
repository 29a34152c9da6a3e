import { cachePolicySchema } from '@sluice/contracts';
import { cacheDirectives, InvalidCacheHeaderError } from './cache-directives';

const semantic = cachePolicySchema.parse({ mode: 'exact+semantic', ttlSeconds: 600, semantic: { embeddingModel: 'text-embedding-3-small', threshold: 0.95 } });
const exact = cachePolicySchema.parse({ mode: 'exact' });
const off = cachePolicySchema.parse({});

describe('cacheDirectives', () => {
  it('follows the policy mode without headers', () => {
    expect(cacheDirectives({}, off)).toEqual({ lookup: false, store: false, semanticThreshold: null });
    expect(cacheDirectives({}, exact)).toEqual({ lookup: true, store: true, semanticThreshold: null });
    expect(cacheDirectives({}, semantic)).toEqual({ lookup: true, store: true, semanticThreshold: 0.95 });
  });

  it('honours cache-control no-cache (store only) and no-store (neither)', () => {
    expect(cacheDirectives({ 'cache-control': 'no-cache' }, exact)).toMatchObject({ lookup: false, store: true });
    expect(cacheDirectives({ 'Cache-Control': 'max-age=0, No-Store' }, semantic)).toEqual({ lookup: false, store: false, semanticThreshold: null });
  });

  it('honours x-sluice-cache bypass and refresh, and refuses other values', () => {
    expect(cacheDirectives({ 'x-sluice-cache': 'bypass' }, exact)).toMatchObject({ lookup: false, store: false });
    expect(cacheDirectives({ 'x-sluice-cache': 'refresh' }, semantic)).toEqual({ lookup: false, store: true, semanticThreshold: 0.95 });
    expect(() => cacheDirectives({ 'x-sluice-cache': 'forever' }, exact)).toThrow(InvalidCacheHeaderError);
  });

  it('never turns the cache on against the policy', () => {
    expect(cacheDirectives({ 'x-sluice-cache': 'refresh' }, off)).toMatchObject({ lookup: false, store: false });
    expect(cacheDirectives({ 'x-sluice-cache-threshold': '0.99' }, exact).semanticThreshold).toBeNull();
  });

  it('lets a client raise the semantic threshold but never lower it', () => {
    expect(cacheDirectives({ 'x-sluice-cache-threshold': '0.99' }, semantic).semanticThreshold).toBe(0.99);
    expect(cacheDirectives({ 'x-sluice-cache-threshold': '0.5' }, semantic).semanticThreshold).toBe(0.95);
    expect(cacheDirectives({ 'x-sluice-cache-threshold': '0' }, semantic).semanticThreshold).toBe(0.95);
    expect(cacheDirectives({ 'x-sluice-cache-threshold': ['0.97'] }, semantic).semanticThreshold).toBe(0.97);
  });

  it.each(['abc', '1.5', '-0.1'])('refuses the threshold %s', (value) => {
    expect(() => cacheDirectives({ 'x-sluice-cache-threshold': value }, semantic)).toThrow(/between 0 and 1/);
  });

  it('requires semantic settings for exact+semantic policies', () => {
    expect(cachePolicySchema.safeParse({ mode: 'exact+semantic' }).success).toBe(false);
    expect(cachePolicySchema.safeParse({ mode: 'exact', semantic: { embeddingModel: 'e', threshold: 1.2 } }).success).toBe(false);
  });
});
