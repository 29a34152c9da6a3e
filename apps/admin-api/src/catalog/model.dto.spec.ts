import { loadModelCatalog } from '@sluice/db';
import { createModelSchema } from './model.dto';

describe('model DTOs', () => {
  it('every model the seed ships could have been created through the API (same vocabulary and limits)', () => {
    for (const m of loadModelCatalog().models) {
      const result = createModelSchema.safeParse({
        name: m.name,
        family: m.family,
        provider: m.provider,
        contextWindow: m.contextWindow,
        maxOutputTokens: m.maxOutputTokens ?? null,
        inputPricePer1M: m.price.input,
        outputPricePer1M: m.price.output,
        cachedInputPricePer1M: m.price.cachedInput ?? null,
        cacheWritePricePer1M: m.price.cacheWrite ?? null,
        cacheWrite1hPricePer1M: m.price.cacheWrite1h ?? null,
        longContext: m.price.longContext
          ? {
              aboveTokens: m.price.longContext.aboveTokens,
              inputPricePer1M: m.price.longContext.input,
              outputPricePer1M: m.price.longContext.output,
              cachedInputPricePer1M: m.price.longContext.cachedInput,
              cacheWritePricePer1M: m.price.longContext.cacheWrite ?? null,
              cacheWrite1hPricePer1M: m.price.longContext.cacheWrite1h ?? null,
            }
          : null,
        modalities: m.modalities,
        capabilities: m.capabilities,
        status: m.status,
        deprecationDate: m.deprecationDate ?? null,
        description: m.description,
        tags: m.tags,
      });
      expect(result.error?.issues ?? []).toEqual([]);
    }
  });

  it('is strict and fills defaults', () => {
    const base = { name: 'acme-1', family: 'acme', provider: 'openai-compatible', contextWindow: 8000, inputPricePer1M: 1, outputPricePer1M: 2 };
    expect(createModelSchema.parse(base)).toMatchObject({ status: 'ga', modalities: ['text'], capabilities: [], cachedInputPricePer1M: null, deprecationDate: null });
    expect(createModelSchema.safeParse({ ...base, orgId: '00000000-0000-4000-8000-000000000000' }).success).toBe(false);
    expect(createModelSchema.safeParse({ ...base, name: 'has space' }).success).toBe(false);
  });

  it('takes a 1-hour cache-write price on the model and in its tier (default null), never negative nor in a tier without its prices', () => {
    const base = { name: 'claude-x', family: 'claude', provider: 'anthropic', contextWindow: 200_000, inputPricePer1M: 3, outputPricePer1M: 15 };
    expect(createModelSchema.parse(base)).toMatchObject({ cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null });
    const tier = { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6 };
    expect(createModelSchema.parse({ ...base, cacheWrite1hPricePer1M: 6, longContext: { ...tier, cacheWrite1hPricePer1M: 12 } })).toMatchObject({
      cacheWrite1hPricePer1M: 6,
      longContext: { ...tier, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: 12 },
    });
    expect(createModelSchema.parse({ ...base, longContext: tier }).longContext).toEqual({ ...tier, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null });
    const paths = (input: object) => createModelSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths({ cacheWrite1hPricePer1M: -1 })).toEqual(['cacheWrite1hPricePer1M']);
    expect(paths({ longContext: { ...tier, cacheWrite1hPricePer1M: -1 } })).toEqual(['longContext.cacheWrite1hPricePer1M']);
    expect(paths({ longContext: { cacheWrite1hPricePer1M: 12 } })).toEqual(['longContext.aboveTokens', 'longContext.cachedInputPricePer1M', 'longContext.inputPricePer1M', 'longContext.outputPricePer1M']);
  });
});
