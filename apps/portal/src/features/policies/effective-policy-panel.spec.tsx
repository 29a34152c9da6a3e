import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { EffectivePolicyPanel } from './effective-policy-panel';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const ORG = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const KEY = '33333333-3333-4333-8333-333333333333';
const names = { orgId: ORG, orgName: 'Acme', teams: [{ id: TEAM, name: 'Platform' }] };
const source = (scopeType: string, scopeId: string, policyName: string) => ({ scopeType, scopeId, policyId: '44444444-4444-4444-8444-444444444444', policyName });
const effective = {
  scope: { type: 'team', id: TEAM },
  scopes: [],
  rateLimits: { merged: { rpm: 60, perModel: {} }, failMode: 'open', sources: [source('org', ORG, 'Org limits')] },
  budgets: [{ ...source('team', TEAM, 'Platform budget'), budget: { amountUsd: 100, period: 'monthly', hard: true, alertThresholds: [1] }, spend: { source: 'redis', periodId: '2026-11', periodEndsAt: null, spentUsd: 12.5, reservedUsd: 0, remainingUsd: 87.5 } }],
  cache: null,
  guardrail: null,
  logging: { ...source('team', TEAM, 'Keep prompts'), policy: { storePrompts: true, storeResponses: false, retentionDays: 7 } },
};

describe('EffectivePolicyPanel', () => {
  it('shows what applies to the chosen scope and where each part comes from', async () => {
    fetchMock.mockResolvedValue(json(effective));
    render(<EffectivePolicyPanel names={names} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(String(fetchMock.mock.calls[0][0])).toBe(`/api/v1/policies/effective?scope=org%3A${ORG}`);

    fireEvent.change(screen.getByLabelText('Scope'), { target: { value: `team:${TEAM}` } });
    expect(await screen.findByText(/\$100 monthly, hard: \$12\.50 spent, \$87\.50 left — Platform budget \(Team: Platform\)/)).toBeVisible();
    expect(screen.getByText(/rpm 60; Redis down: fail open/)).toBeVisible();
    expect(screen.getByText('from Org limits (Organization: Acme)')).toBeVisible();
    expect(screen.getByText(/prompts, no responses, kept 7 days — Keep prompts/)).toBeVisible();
    expect(screen.getByText('Off (no caching policy)')).toBeVisible();
  });

  it('asks for a key id, checks it, then shows that key’s effective policy', async () => {
    fetchMock.mockResolvedValue(json(effective));
    render(<EffectivePolicyPanel names={names} />);
    fireEvent.change(screen.getByLabelText('Scope'), { target: { value: 'key:' } });
    expect(screen.getByText('Enter the id and choose Show.')).toBeVisible();
    fireEvent.change(screen.getByLabelText('API key id'), { target: { value: 'not-a-uuid' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('Paste the API key id (a UUID)')).toBeVisible();

    fireEvent.change(screen.getByLabelText('API key id'), { target: { value: KEY } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain(`/api/v1/policies/effective?scope=key%3A${KEY}`));
    expect(await screen.findByText(/Platform budget/)).toBeVisible();
  });
});
