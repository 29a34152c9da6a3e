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
});
