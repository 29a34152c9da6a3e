import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import { CompareModelsPage } from './compare-models-page';
import type { ModelDetail } from './model-schemas';

const json = (body: unknown) => ({ ok: true, status: 200, json: async () => body }) as Response;

const detail = (id: string, name: string, over: Partial<ModelDetail>): ModelDetail => ({
  id,
  name,
  family: 'claude',
  provider: 'anthropic',
  contextWindow: 200_000,
  maxOutputTokens: 64_000,
  inputPricePer1M: 3,
  outputPricePer1M: 15,
  cachedInputPricePer1M: 0.3,
  cacheWritePricePer1M: 3.75,
  cacheWrite1hPricePer1M: null,
  longContext: null,
  modalities: ['text'],
  capabilities: ['chat'],
  status: 'ga',
  deprecationDate: null,
  description: '',
  tags: [],
  teamsWithAccess: [],
  deployments: [],
  ...over,
});

function serve(models: ModelDetail[]) {
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL) => {
    const found = models.find((m) => String(input) === `/api/v1/models/${m.id}`);
    if (!found) throw new Error(`unexpected fetch ${String(input)}`);
    return json(found);
  }) as unknown as typeof fetch;
}

const row = (label: string) => within(screen.getByRole('row', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) })).getAllByRole('cell').map((c) => c.textContent);

describe('CompareModelsPage', () => {
  it('shows a 1-hour cache-write row when one of the models has that price (— for the others)', async () => {
    serve([detail('m-1', 'claude-sonnet-4-5', { cacheWrite1hPricePer1M: 6 }), detail('m-2', 'gpt-4o', { provider: 'openai', cacheWritePricePer1M: null, inputPricePer1M: 2.5 })]);
    render(<CompareModelsPage ids={['m-1', 'm-2']} />);
    expect(await screen.findByRole('rowheader', { name: 'Cache write (1h) price' })).toBeVisible();
    expect(row('Cache write (1h) price')).toEqual(['$6.00 / 1M', '—']);
    expect(row('Cache write price')).toEqual(['$3.75 / 1M', '$2.50 / 1M']);
  });

  it('leaves the row out when none has it', async () => {
    serve([detail('m-1', 'claude-sonnet-4-5', {}), detail('m-2', 'claude-haiku-4-5', {})]);
    render(<CompareModelsPage ids={['m-1', 'm-2']} />);
    expect(await screen.findByRole('rowheader', { name: 'Cache write price' })).toBeVisible();
    expect(screen.queryByRole('rowheader', { name: 'Cache write (1h) price' })).not.toBeInTheDocument();
  });
});
