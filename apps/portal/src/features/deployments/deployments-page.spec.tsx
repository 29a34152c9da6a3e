import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import type { Deployment } from './deployment-schemas';
import { DeploymentsPage } from './deployments-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const noContent = () => ({ ok: true, status: 204, json: async () => undefined }) as unknown as Response;

const admin: Me = {
  user: { id: 'u-1', email: 'admin@example.com', displayName: 'Admin' },
  memberships: [{ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId: null, teamName: null, role: 'admin' }],
  activeOrgId: 'o-1',
  csrfToken: 'csrf',
};
const deployment = (over: Partial<Deployment>): Deployment => ({
  id: 'd-1',
  modelId: 'm-1',
  providerId: 'p-1',
  upstreamModel: 'gpt-4o-mini-2024-07-18',
  weight: 1,
  priority: 0,
  timeoutMs: 30_000,
  rpm: null,
  tpm: null,
  inputPricePer1M: null,
  outputPricePer1M: null,
  cachedInputPricePer1M: null,
  cacheWritePricePer1M: null,
  cacheWrite1hPricePer1M: null,
  longContext: null,
  enabled: true,
  updatedAt: '2026-11-26T00:00:00Z',
  ...over,
});
const primary = deployment({});
const fallback = deployment({ id: 'd-2', providerId: 'p-2', upstreamModel: 'gpt-4o-mini', priority: 1 });

const MODEL = {
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
  modalities: ['text'],
  capabilities: ['chat'],
  status: 'ga',
  deprecationDate: null,
  description: '',
  tags: [],
};

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
/** Answers the page's GETs from the current state and records the DELETEs. */
function serve(deployments: Deployment[], deleteAnswer: () => Response = noContent) {
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    if (init?.method === 'DELETE') {
      const answer = deleteAnswer();
      if (answer.ok) deployments.splice(deployments.findIndex((d) => url.endsWith(d.id)), 1);
      return answer;
    }
    if (url.startsWith('/api/v1/models')) return json({ items: [MODEL], nextCursor: null });
    if (url.startsWith('/api/v1/providers')) return json({ items: [{ id: 'p-1', name: 'OpenAI', type: 'openai', enabled: true }, { id: 'p-2', name: 'Azure EU', type: 'azure_openai', enabled: true }], nextCursor: null });
    if (url.startsWith('/api/v1/deployments')) return json({ items: [...deployments], nextCursor: null });
    throw new Error(`unexpected ${url}`);
  });
}

const renderPage = () =>
  render(
    <SessionProvider me={admin} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <DeploymentsPage />
    </SessionProvider>,
  );

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

describe('DeploymentsPage: deleting a deployment', () => {
  it('asks first, says where the traffic goes, deletes, and lists the rest', async () => {
    serve([primary, fallback]);
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete gpt-4o-mini on OpenAI' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Requests go to the model’s other deployments.');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete deployment' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const deleteCall = fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE');
    expect(String(deleteCall?.[0])).toBe('/api/v1/deployments/d-1');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete gpt-4o-mini on OpenAI' })).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Delete gpt-4o-mini on Azure EU' })).toBeInTheDocument();
  });

  it('warns when the last enabled deployment of a model would go, and Cancel deletes nothing', async () => {
    serve([primary, deployment({ id: 'd-3', providerId: 'p-2', enabled: false })]);
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete gpt-4o-mini on OpenAI' }));
    expect(screen.getByRole('dialog')).toHaveTextContent('It is the last enabled deployment of this model');
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);
  });

  it('keeps the dialog open with the API’s explanation when the delete is refused', async () => {
    serve([primary, fallback], () => json({ type: 'urn:sluice:problem:not-found', title: 'Not Found', status: 404, detail: 'Deployment d-1 does not exist.' }, 404));
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete gpt-4o-mini on OpenAI' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete deployment' }));
    expect(await within(screen.getByRole('dialog')).findByText(/Deployment d-1 does not exist\./)).toBeInTheDocument();
  });
});
