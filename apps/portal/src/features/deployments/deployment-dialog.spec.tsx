import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DeploymentDialog } from './deployment-dialog';
import type { Deployment } from './deployment-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const models = [
  { id: 'm-1', name: 'gpt-4o-mini' },
  { id: 'm-2', name: 'claude-sonnet-4' },
];
const providers = [
  { id: 'p-1', name: 'OpenAI', type: 'openai', enabled: true },
  { id: 'p-2', name: 'Azure EU', type: 'azure_openai', enabled: false },
];
const existing: Deployment = {
  id: 'd-1',
  modelId: 'm-1',
  providerId: 'p-1',
  upstreamModel: 'gpt-4o-mini-2024-07-18',
  weight: 3,
  priority: 0,
  timeoutMs: 30_000,
  rpm: null,
  tpm: null,
  inputPricePer1M: 0.1,
  outputPricePer1M: null,
  cachedInputPricePer1M: null,
  cacheWritePricePer1M: null,
  cacheWrite1hPricePer1M: null,
  longContext: null,
  enabled: true,
  updatedAt: '2026-11-26T00:00:00Z',
};

describe('DeploymentDialog', () => {
  it('creates a deployment: model, provider, routing and a price override, empty fields sent as null', async () => {
    const onSaved = jest.fn();
    fetchMock.mockResolvedValueOnce(json({ ...existing, id: 'd-2', providerId: 'p-2', priority: 1 }, 201));
    render(<DeploymentDialog editing={{ mode: 'create' }} models={models} providers={providers} onClose={jest.fn()} onSaved={onSaved} />);

    fireEvent.change(screen.getByLabelText(/^Model/), { target: { value: 'm-1' } });
    fireEvent.change(screen.getByLabelText(/^Provider/), { target: { value: 'p-2' } });
    fireEvent.change(screen.getByLabelText(/^Upstream model/), { target: { value: 'gpt-4o-mini-eu' } });
    fireEvent.change(screen.getByLabelText(/^Priority/), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText(/^Input/), { target: { value: '0.12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add deployment' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'd-2' }), true));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/deployments');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      modelId: 'm-1',
      providerId: 'p-2',
      upstreamModel: 'gpt-4o-mini-eu',
      priority: 1,
      weight: 1,
      timeoutMs: 60000,
      rpm: null,
      tpm: null,
      inputPricePer1M: 0.12,
      outputPricePer1M: null,
      cachedInputPricePer1M: null,
      cacheWritePricePer1M: null,
      cacheWrite1hPricePer1M: null,
      longContext: null,
      enabled: true,
    });
    expect(screen.getByRole('option', { name: 'Azure EU (disabled)' })).toBeInTheDocument();
  });

  it('shows each mistake next to its field and sends nothing', async () => {
    render(<DeploymentDialog editing={{ mode: 'create' }} models={models} providers={providers} onClose={jest.fn()} onSaved={jest.fn()} />);
    fireEvent.change(screen.getByLabelText(/^Weight/), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText(/^Timeout/), { target: { value: '50' } });
    fireEvent.change(screen.getByLabelText(/^Output/), { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add deployment' }));

    expect(await screen.findByText('Choose the catalog model to deploy')).toBeVisible();
    expect(screen.getByText('Choose the provider that serves it')).toBeVisible();
    expect(screen.getByText('Enter the model name the provider knows')).toBeVisible();
    expect(screen.getByLabelText(/^Weight/)).toHaveAccessibleDescription(expect.stringContaining('At least 1'));
    expect(screen.getByLabelText(/^Timeout/)).toHaveAccessibleDescription(expect.stringContaining('At least 100 ms'));
    expect(screen.getByLabelText(/^Output/)).toHaveAccessibleDescription(expect.stringContaining('A price cannot be negative'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('edits routing of an existing deployment (not its model or provider) and shows the admin API’s refusal', async () => {
    fetchMock.mockResolvedValueOnce(
      json({ type: 'urn:sluice:problem:validation-failed', title: 'Bad Request', status: 400, detail: 'The request body is not valid.', errors: [{ path: 'weight', message: 'Too big' }] }, 400),
    );
    render(<DeploymentDialog editing={{ mode: 'edit', deployment: existing }} models={models} providers={providers} onClose={jest.fn()} onSaved={jest.fn()} />);
    expect(screen.getByRole('dialog', { name: 'Edit gpt-4o-mini on OpenAI' })).toBeVisible();
    expect(screen.queryByLabelText(/^Provider/)).not.toBeInTheDocument();
    expect(screen.getByLabelText(/^Input/)).toHaveValue(0.1);

    fireEvent.change(screen.getByLabelText(/^Weight/), { target: { value: '5' } });
    fireEvent.click(screen.getByLabelText(/^Enabled/));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The request body is not valid.');
    expect(screen.getByRole('alert')).toHaveTextContent('weight: Too big');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/deployments/d-1');
    expect(init?.method).toBe('PATCH');
    expect(JSON.parse(String(init?.body))).toMatchObject({ weight: 5, enabled: false, upstreamModel: 'gpt-4o-mini-2024-07-18', inputPricePer1M: 0.1, outputPricePer1M: null });
  });

  it('overrides the cache-write price and the long-context tier; a tier missing a price is refused before sending', async () => {
    const onSaved = jest.fn();
    render(<DeploymentDialog editing={{ mode: 'edit', deployment: existing }} models={models} providers={providers} onClose={jest.fn()} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText('Cache write'), { target: { value: '0.2' } });
    fireEvent.change(screen.getByLabelText(/^Above prompt tokens/), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText(/^Long-context input/), { target: { value: '0.3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Must be more than 0')).toBeVisible();
    expect(screen.getByLabelText(/^Long-context output/)).toHaveAccessibleDescription('Enter the output price above the threshold');
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/^Above prompt tokens/), { target: { value: '128000' } });
    fireEvent.change(screen.getByLabelText(/^Long-context output/), { target: { value: '1.2' } });
    fireEvent.change(screen.getByLabelText(/^Long-context cached input/), { target: { value: '0.15' } });
    fetchMock.mockResolvedValueOnce(json(existing));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toMatchObject({
      cacheWritePricePer1M: 0.2,
      longContext: { aboveTokens: 128000, inputPricePer1M: 0.3, outputPricePer1M: 1.2, cachedInputPricePer1M: 0.15, cacheWritePricePer1M: null, cacheWrite1hPricePer1M: null },
    });
  });

  it('overrides the 1-hour cache-write price, on its own and in the tier; a negative one is refused before sending', async () => {
    const onSaved = jest.fn();
    const tier = { aboveTokens: 200000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: 12 };
    render(<DeploymentDialog editing={{ mode: 'edit', deployment: { ...existing, cacheWrite1hPricePer1M: 0.3, longContext: tier } }} models={models} providers={providers} onClose={jest.fn()} onSaved={onSaved} />);
    expect(screen.getByLabelText('Cache write (1h)')).toHaveValue(0.3);
    expect(screen.getByLabelText('Long-context cache write (1h)')).toHaveValue(12);
    fireEvent.change(screen.getByLabelText('Cache write (1h)'), { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('A price cannot be negative')).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Cache write (1h)'), { target: { value: '0.2' } });
    fireEvent.change(screen.getByLabelText('Long-context cache write (1h)'), { target: { value: '' } });
    fetchMock.mockResolvedValueOnce(json(existing));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toMatchObject({ cacheWrite1hPricePer1M: 0.2, longContext: { ...tier, cacheWrite1hPricePer1M: null } });
  });
});
