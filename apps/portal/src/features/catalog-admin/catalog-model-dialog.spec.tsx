import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Model } from '../models/model-schemas';
import { CatalogModelDialog } from './catalog-model-dialog';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const model: Model = {
  id: 'm-1',
  name: 'gpt-4o-mini',
  family: 'gpt-4o',
  provider: 'openai',
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
  inputPricePer1M: 0.15,
  outputPricePer1M: 0.6,
  cachedInputPricePer1M: 0.075,
  cacheWritePricePer1M: null,
  cacheWrite1hPricePer1M: null,
  longContext: null,
  modalities: ['text', 'image'],
  capabilities: ['chat', 'tools', 'streaming'],
  status: 'ga',
  deprecationDate: null,
  description: 'Small and fast.',
  tags: ['fast', 'cheap'],
};

describe('CatalogModelDialog', () => {
  it('edits prices, status, deprecation date, description and tags (the name stays)', async () => {
    const onSaved = jest.fn();
    fetchMock.mockResolvedValueOnce(json({ ...model, inputPricePer1M: 0.2, status: 'deprecated', deprecationDate: '2027-03-31' }));
    render(<CatalogModelDialog editing={{ mode: 'edit', model }} onClose={jest.fn()} onSaved={onSaved} />);
    expect(screen.getByRole('dialog', { name: 'Edit gpt-4o-mini' })).toBeVisible();
    expect(screen.queryByLabelText(/^Name/)).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'image' })).toBeChecked();

    fireEvent.change(screen.getByLabelText(/^Input/), { target: { value: '0.2' } });
    fireEvent.change(screen.getByLabelText(/^Status/), { target: { value: 'deprecated' } });
    fireEvent.change(screen.getByLabelText(/^Deprecation date/), { target: { value: '2027-03-31' } });
    fireEvent.change(screen.getByLabelText(/^Description/), { target: { value: 'Replaced by gpt-5-mini.' } });
    fireEvent.change(screen.getByLabelText(/^Tags/), { target: { value: 'legacy, cheap, legacy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ status: 'deprecated' }), false));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/models/m-1');
    expect(init?.method).toBe('PATCH');
    const body = JSON.parse(String(init?.body));
    expect(body).not.toHaveProperty('name');
    expect(body).toEqual({
      family: 'gpt-4o',
      provider: 'openai',
      contextWindow: 128000,
      maxOutputTokens: 16384,
      inputPricePer1M: 0.2,
      outputPricePer1M: 0.6,
      cachedInputPricePer1M: 0.075,
      cacheWritePricePer1M: null,
      cacheWrite1hPricePer1M: null,
      longContext: null,
      modalities: ['text', 'image'],
      capabilities: ['chat', 'tools', 'streaming'],
      status: 'deprecated',
      deprecationDate: '2027-03-31',
      description: 'Replaced by gpt-5-mini.',
      tags: ['legacy', 'cheap'],
    });
  });

  it('adds a model and checks the fields the admin API would refuse before sending', async () => {
    const onSaved = jest.fn();
    render(<CatalogModelDialog editing={{ mode: 'create' }} onClose={jest.fn()} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: '-bad name' } });
    fireEvent.change(screen.getByLabelText(/^Output/), { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'text' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add model' }));

    expect(await screen.findByText(/Use letters, digits/)).toBeVisible();
    expect(screen.getByText('Enter the model family, e.g. gpt-4o')).toBeVisible();
    expect(screen.getByText('Enter the context window in tokens')).toBeVisible();
    expect(screen.getByText('Enter the input price in USD per 1M tokens')).toBeVisible();
    expect(screen.getByText('A price cannot be negative')).toBeVisible();
    expect(screen.getByText('Choose at least one modality')).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'acme-llm-1' } });
    fireEvent.change(screen.getByLabelText(/^Family/), { target: { value: 'acme-llm' } });
    fireEvent.change(screen.getByLabelText(/^Provider type/), { target: { value: 'openai-compatible' } });
    fireEvent.change(screen.getByLabelText(/^Context window/), { target: { value: '32000' } });
    fireEvent.change(screen.getByLabelText(/^Input/), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText(/^Output/), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'text' }));
    fetchMock.mockResolvedValueOnce(
      json({ type: 'urn:sluice:problem:conflict', title: 'Conflict', status: 409, detail: 'A model named acme-llm-1 is already in the catalog.' }, 409),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add model' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A model named acme-llm-1 is already in the catalog.');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/models');
    expect(JSON.parse(String(init?.body))).toMatchObject({ name: 'acme-llm-1', family: 'acme-llm', provider: 'openai-compatible', contextWindow: 32000, maxOutputTokens: null, inputPricePer1M: 1, outputPricePer1M: 2, cachedInputPricePer1M: null, modalities: ['text'], capabilities: ['chat', 'streaming'], status: 'ga', deprecationDate: null, tags: [] });
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('sets a cache-write price and a long-context tier; a tier without its threshold or prices is refused before sending', async () => {
    const onSaved = jest.fn();
    const sonnet: Model = { ...model, id: 'm-2', name: 'claude-sonnet-4-5', inputPricePer1M: 3, outputPricePer1M: 15, cachedInputPricePer1M: 0.3 };
    render(<CatalogModelDialog editing={{ mode: 'edit', model: sonnet }} onClose={jest.fn()} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('Cache write'), { target: { value: '3.75' } });
    fireEvent.change(screen.getByLabelText(/^Long-context input/), { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter the prompt size above which these prices apply')).toBeVisible();

    fireEvent.change(screen.getByLabelText(/^Above prompt tokens/), { target: { value: '200000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter the output price above the threshold')).toBeVisible();
    expect(screen.getByText('Enter the cached-input price above the threshold')).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^Long-context output/), { target: { value: '22.5' } });
    fireEvent.change(screen.getByLabelText(/^Long-context cached input/), { target: { value: '0.6' } });
    fireEvent.change(screen.getByLabelText('Long-context cache write'), { target: { value: '7.5' } });
    fetchMock.mockResolvedValueOnce(json({ ...sonnet, cacheWritePricePer1M: 3.75 }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toMatchObject({
      cacheWritePricePer1M: 3.75,
      longContext: { aboveTokens: 200000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5 },
    });
  });

  it('shows a model’s tier and clears it when its fields are emptied', async () => {
    const onSaved = jest.fn();
    const tiered: Model = { ...model, longContext: { aboveTokens: 200000, inputPricePer1M: 2.5, outputPricePer1M: 15, cachedInputPricePer1M: 0.625, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null } };
    render(<CatalogModelDialog editing={{ mode: 'edit', model: tiered }} onClose={jest.fn()} onSaved={onSaved} />);
    expect(screen.getByLabelText(/^Above prompt tokens/)).toHaveValue(200000);
    for (const label of [/^Above prompt tokens/, /^Long-context input/, /^Long-context output/, /^Long-context cached input/]) fireEvent.change(screen.getByLabelText(label), { target: { value: '' } });
    fetchMock.mockResolvedValueOnce(json(model));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toMatchObject({ cacheWritePricePer1M: null, longContext: null });
  });

  it('sets the 1-hour cache-write price next to the cache-write price and in the tier; a 1-hour tier price without the tier is refused before sending', async () => {
    const onSaved = jest.fn();
    const sonnet: Model = { ...model, id: 'm-2', name: 'claude-sonnet-4-5', inputPricePer1M: 3, outputPricePer1M: 15, cachedInputPricePer1M: 0.3, cacheWritePricePer1M: 3.75 };
    render(<CatalogModelDialog editing={{ mode: 'edit', model: sonnet }} onClose={jest.fn()} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('Cache write (1h)'), { target: { value: '6' } });
    fireEvent.change(screen.getByLabelText('Long-context cache write (1h)'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter the prompt size above which these prices apply')).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^Above prompt tokens/), { target: { value: '200000' } });
    fireEvent.change(screen.getByLabelText(/^Long-context input/), { target: { value: '6' } });
    fireEvent.change(screen.getByLabelText(/^Long-context output/), { target: { value: '22.5' } });
    fireEvent.change(screen.getByLabelText(/^Long-context cached input/), { target: { value: '0.6' } });
    fetchMock.mockResolvedValueOnce(json({ ...sonnet, cacheWrite1hPricePer1M: 6 }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toMatchObject({
      cacheWritePricePer1M: 3.75,
      cacheWrite1hPricePer1M: 6,
      longContext: { aboveTokens: 200000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: 12 },
    });
  });

  it('shows a model’s 1-hour prices and refuses a negative one', async () => {
    const priced: Model = {
      ...model,
      cacheWrite1hPricePer1M: 0.3,
      longContext: { aboveTokens: 200000, inputPricePer1M: 2.5, outputPricePer1M: 15, cachedInputPricePer1M: 0.625, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: 5 },
    };
    render(<CatalogModelDialog editing={{ mode: 'edit', model: priced }} onClose={jest.fn()} onSaved={jest.fn()} />);
    expect(screen.getByLabelText('Cache write (1h)')).toHaveValue(0.3);
    expect(screen.getByLabelText('Long-context cache write (1h)')).toHaveValue(5);
    fireEvent.change(screen.getByLabelText('Cache write (1h)'), { target: { value: '-0.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('A price cannot be negative')).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
