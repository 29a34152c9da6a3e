import { configSnapshotSchema } from '@sluice/contracts';
import { CompiledSnapshot } from './compiled-snapshot';

const deployment = (id: string, modelName: string, prices?: object) => ({ id, modelName, providerId: 'p', upstreamModel: modelName, ...(prices ? { prices } : {}) });

describe('CompiledSnapshot reservation prices', () => {
  const snapshot = new CompiledSnapshot(
    configSnapshotSchema.parse({
      version: 1,
      providers: [{ id: 'p', name: 'p', type: 'anthropic', baseUrl: 'http://upstream' }],
      models: [
        { id: 'm1', name: 'claude', inputPricePer1M: 3, outputPricePer1M: 15, cacheWritePricePer1M: 3.75 },
        { id: 'm2', name: 'claude-backup', inputPricePer1M: 1, outputPricePer1M: 40 },
        { id: 'm3', name: 'cheap', inputPricePer1M: 9, outputPricePer1M: 9 },
      ],
      deployments: [
        deployment('d1', 'claude'),
        // A premium deployment: routing may pick it after admission, so the reservation covers it.
        deployment('d2', 'claude', { inputPricePer1M: 4, outputPricePer1M: 20, cachedInputPricePer1M: 0.4, cacheWrite1hPricePer1M: 8 }),
        deployment('d3', 'claude-backup'),
        // Every deployment of `cheap` has its own price: the catalog's is never billed.
        deployment('d4', 'cheap', { inputPricePer1M: 1, outputPricePer1M: 2, cachedInputPricePer1M: 0 }),
        deployment('d5', 'uncatalogued', { inputPricePer1M: 2, outputPricePer1M: 3, cachedInputPricePer1M: 0 }),
      ],
      keys: [],
      routing: { fallbacks: { claude: ['claude-backup'] } },
    }),
  );

  it('reserves at the highest price among the deployments and the fallback models, computed once when compiled', () => {
    expect(snapshot.reservationPrices('claude')).toEqual({ promptPer1M: 8, outputPer1M: 40 });
    expect(snapshot.reservationPrices('claude-backup')).toEqual({ promptPer1M: 1, outputPer1M: 40 });
    expect(snapshot.reservationPrices('cheap')).toEqual({ promptPer1M: 1, outputPer1M: 2 });
    expect(snapshot.reservationPrices('uncatalogued')).toEqual({ promptPer1M: 2, outputPer1M: 3 });
    expect(snapshot.reservationPrices('unknown')).toBeUndefined();
  });
});
