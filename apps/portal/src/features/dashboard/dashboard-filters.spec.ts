import { analyticsQuery, filtersFromParams, paramsFromFilters } from './dashboard-filters';

describe('dashboard filters', () => {
  it('defaults to the last 24 hours of requests grouped by model', () => {
    expect(filtersFromParams(new URLSearchParams())).toEqual({ range: '24h', metric: 'requests', groupBy: 'model', breakdownBy: 'model' });
  });

  it('round-trips through the URL', () => {
    const filters = filtersFromParams(new URLSearchParams('range=7d&model=gpt-4o-mini&metric=cost&groupBy=team&breakdownBy=key'));
    expect(filters).toEqual({ range: '7d', model: 'gpt-4o-mini', metric: 'cost', groupBy: 'team', breakdownBy: 'key' });
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
  });

  it('accepts a custom range only with a valid, ordered from and to', () => {
    expect(filtersFromParams(new URLSearchParams('range=custom&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z'))).toMatchObject({
      range: 'custom',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-02T00:00:00Z',
    });
    expect(filtersFromParams(new URLSearchParams('range=custom&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z')).range).toBe('24h');
    expect(filtersFromParams(new URLSearchParams('range=custom&from=yesterday')).range).toBe('24h');
  });

  it('ignores unknown metrics and dimensions instead of sending them to the API', () => {
    expect(filtersFromParams(new URLSearchParams('metric=drop_table&groupBy=org'))).toMatchObject({ metric: 'requests', groupBy: 'model' });
  });

  it('turns a preset into a window ending now', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(analyticsQuery(filtersFromParams(new URLSearchParams('range=1h')), now)).toMatchObject({ from: '2026-03-10T11:00:00.000Z', to: '2026-03-10T12:00:00.000Z' });
    expect(analyticsQuery(filtersFromParams(new URLSearchParams('range=90d&provider=openai')), now)).toMatchObject({ from: '2025-12-10T12:00:00.000Z', provider: 'openai' });
  });
});
