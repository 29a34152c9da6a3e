import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import type { Me } from '../../api/me-schema';
import { SessionProvider } from '../../session/session-context';
import { ModelDetailPage } from './model-detail-page';
import type { ModelDetail } from './model-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const membership = (role: string, teamId: string | null = null, teamName: string | null = null) => ({ orgId: 'o-1', orgSlug: 'acme', orgName: 'Acme', teamId, teamName, role });
const me = (memberships: Me['memberships']): Me => ({ user: { id: 'u-1', email: 'a@example.com', displayName: 'A' }, memberships, activeOrgId: 'o-1', csrfToken: 'csrf' });
const model = (teamsWithAccess: Array<{ id: string; name: string }>) => ({
  id: 'm-1',
  name: 'o3',
  family: 'o-series',
  provider: 'openai',
  contextWindow: 200_000,
  maxOutputTokens: 100_000,
  inputPricePer1M: 2,
  outputPricePer1M: 8,
  cachedInputPricePer1M: null as number | null,
  cacheWritePricePer1M: null as number | null,
  cacheWrite1hPricePer1M: null as number | null,
  longContext: null as ModelDetail['longContext'],
  modalities: ['text'],
  capabilities: ['chat'],
  status: 'ga',
  deprecationDate: null,
  description: 'Reasoning model.',
  tags: [],
  teamsWithAccess: teamsWithAccess.map((t) => ({ ...t, allModels: true })),
  deployments: [] as ModelDetail['deployments'],
});

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
const serve = (detail: ReturnType<typeof model>, requests: unknown[] = []) => {
  fetchMock = jest.fn(async (input) => {
    const path = String(input);
    if (path === '/api/v1/models/m-1') return json(detail);
    if (path.startsWith('/api/v1/model-access-requests')) return json({ items: requests, nextCursor: null });
    throw new Error(`unexpected fetch ${path}`);
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
};

const renderPage = (who: Me) =>
  render(
    <SessionProvider me={who} activeOrgId="o-1" gatewayBaseUrl="http://localhost:4000/v1">
      <ModelDetailPage modelId="m-1" />
    </SessionProvider>,
  );

const fact = (term: string) => screen.getByText(term).nextElementSibling;

describe('ModelDetailPage', () => {
  it('offers a request only for teams where the caller may request, not one they only view', async () => {
    serve(model([]));
    renderPage(me([membership('viewer', 't-1', 'Platform'), membership('developer', 't-2', 'Search')]));
    const select = await screen.findByLabelText(/^Team/);
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual(['Search']);
  });

  it('does not offer a team again while its request for the model is pending, and shows that request', async () => {
    const pendingRequest = { id: 'r-1', teamId: 't-2', teamName: 'Search', model: 'o3', requestedBy: 'u-1', reason: 'evals', status: 'pending', decidedAt: null, decisionReason: null, createdAt: '2026-11-27T10:00:00Z' };
    serve(model([]), [pendingRequest]);
    renderPage(me([membership('developer', 't-2', 'Search')]));
    expect(await screen.findByTestId('access-request')).toHaveTextContent('Search');
    expect(screen.queryByRole('form', { name: 'Request access' })).toBeNull();
  });

  it('tells a developer whose only team without the model is one they view who may request it, instead of offering that team', async () => {
    serve(model([]));
    renderPage(me([membership('developer'), membership('viewer', 't-1', 'Platform')]));
    expect(await screen.findByText(/Developers and team admins of a team can request access/)).toBeVisible();
    expect(screen.queryByRole('form', { name: 'Request access' })).toBeNull();
  });

  it('says the teams listed are the caller’s own when the admin API shows them only their own teams', async () => {
    serve(model([]));
    renderPage(me([membership('viewer')]));
    expect(await screen.findByText('Your teams with access')).toBeVisible();
    expect(fact('Your teams with access')).toHaveTextContent('None of your teams');
  });

  it('calls the list “Teams with access” for an auditor, who sees every team', async () => {
    serve(model([{ id: 't-1', name: 'Platform' }]));
    renderPage(me([membership('auditor')]));
    expect(await screen.findByText('Teams with access')).toBeVisible();
    expect(fact('Teams with access')).toHaveTextContent('Platform');
  });

  it('says a model without an enabled deployment cannot be called, whatever team has access to it', async () => {
    serve({ ...model([{ id: 't-2', name: 'Search' }]), deployments: [{ id: 'd-1', providerName: 'openai', upstreamModel: 'o3', priority: 0, weight: 1, enabled: false }] });
    renderPage(me([membership('developer', 't-2', 'Search')]));
    expect(await screen.findByText('Deployments')).toBeVisible();
    expect(fact('Deployments')).toHaveTextContent(/None enabled: the gateway cannot serve this model/);
  });

  it('lists the enabled deployments of a model that can be called', async () => {
    serve({ ...model([]), deployments: [{ id: 'd-1', providerName: 'openai', upstreamModel: 'o3-2025', priority: 0, weight: 1, enabled: true }, { id: 'd-2', providerName: 'azure', upstreamModel: 'o3', priority: 1, weight: 1, enabled: false }] });
    renderPage(me([membership('developer', 't-2', 'Search')]));
    expect(await screen.findByText('Deployments')).toBeVisible();
    expect(fact('Deployments')).toHaveTextContent(/^openai \(o3-2025\)$/);
  });

  it('shows the cache-write price (the input price when the catalog has none) and the long-context tier', async () => {
    const sonnet = {
      ...model([]),
      inputPricePer1M: 3,
      outputPricePer1M: 15,
      cachedInputPricePer1M: 0.3,
      cacheWritePricePer1M: 3.75,
      longContext: { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: null },
    };
    serve(sonnet);
    const { unmount } = renderPage(me([membership('viewer')]));
    expect(await screen.findByText('Cache write price')).toBeVisible();
    expect(fact('Cache write price')).toHaveTextContent('$3.75 / 1M');
    expect(fact('Long-context prices')).toHaveTextContent('above 200K tokens: $6.00 in · $22.50 out · $0.60 cached · $7.50 cache write / 1M');
    unmount();

    serve(model([]));
    renderPage(me([membership('viewer')]));
    expect(await screen.findByText('Cache write price')).toBeVisible();
    expect(fact('Cache write price')).toHaveTextContent('$2.00 / 1M');
    expect(fact('Long-context prices')).toHaveTextContent('—');
    expect(screen.queryByText('Cache write (1h) price')).not.toBeInTheDocument();
  });

  it('shows the 1-hour cache-write price, and the tier’s, when the catalog has them', async () => {
    serve({
      ...model([]),
      inputPricePer1M: 3,
      outputPricePer1M: 15,
      cachedInputPricePer1M: 0.3,
      cacheWritePricePer1M: 3.75,
      cacheWrite1hPricePer1M: 6,
      longContext: { aboveTokens: 200_000, inputPricePer1M: 6, outputPricePer1M: 22.5, cachedInputPricePer1M: 0.6, cacheWritePricePer1M: 7.5, cacheWrite1hPricePer1M: 12 },
    });
    renderPage(me([membership('viewer')]));
    expect(await screen.findByText('Cache write (1h) price')).toBeVisible();
    expect(fact('Cache write (1h) price')).toHaveTextContent('$6.00 / 1M');
    expect(fact('Long-context prices')).toHaveTextContent('above 200K tokens: $6.00 in · $22.50 out · $0.60 cached · $7.50 cache write · $12.00 cache write (1h) / 1M');
  });
});
