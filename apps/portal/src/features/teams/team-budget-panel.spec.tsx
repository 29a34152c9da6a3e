import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TeamBudgetPanel } from './team-budget-panel';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;

const noPolicies = { rateLimits: { merged: {}, sources: [] }, budgets: [] };
const withBudget = {
  rateLimits: { merged: { rpm: 600 }, sources: [] },
  budgets: [
    {
      scopeType: 'team',
      scopeId: 'team-1',
      policyId: 'pol-1',
      policyName: 'Research budget',
      budget: { amountUsd: 250, period: 'monthly', hard: true, alertThresholds: [0.5, 0.8, 1] },
      spend: { periodEndsAt: '2026-12-01T00:00:00Z', spentUsd: 0, reservedUsd: 0, remainingUsd: 250 },
    },
  ],
};
const policy = { id: 'pol-1', kind: 'budget', name: 'Research budget', spec: {}, version: 1, attachments: [] };

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

describe('TeamBudgetPanel', () => {
  it('creates and attaches a budget, keeps the confirmation on screen, and shows the new budget after reloading', async () => {
    let reloaded: (value: Response) => void = () => undefined;
    fetchMock
      .mockResolvedValueOnce(json(noPolicies))
      .mockResolvedValueOnce(json(policy, 201))
      .mockResolvedValueOnce(json({ id: 'att-1', scopeType: 'team', scopeId: 'team-1' }, 201))
      .mockImplementationOnce(() => new Promise<Response>((resolve) => (reloaded = resolve)));
    const { container } = render(<TeamBudgetPanel teamId="team-1" teamName="Research" canManage />);

    expect(await screen.findByText(/its spend is not capped/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Budget \(USD\)/), { target: { value: '250' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set budget' }));

    // While the effective policies reload, the form (and its message) stays mounted.
    expect(await screen.findByRole('status')).toHaveTextContent('Budget saved');
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(4));
    expect(container.querySelector('[data-skeleton]')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Budget saved');

    reloaded(json(withBudget));
    expect(await screen.findByTestId('team-budget')).toHaveTextContent('$250.00 per month');
    expect(screen.getByRole('status')).toHaveTextContent('Budget saved');
    expect(screen.getByText(/600 requests\/min/)).toBeInTheDocument();

    const [, create] = fetchMock.mock.calls[1];
    expect(JSON.parse(String(create?.body))).toEqual({
      kind: 'budget',
      name: 'Research budget',
      spec: { amountUsd: 250, period: 'monthly', hard: true, alertThresholds: [0.5, 0.8, 1] },
    });
    expect(String(fetchMock.mock.calls[2][0])).toBe('/api/v1/policies/pol-1/attachments');
  });

  it('says why a save failed and keeps what the user typed', async () => {
    fetchMock.mockResolvedValueOnce(json(noPolicies)).mockResolvedValueOnce(
      json({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Only admins can create policies.' }, 403),
    );
    render(<TeamBudgetPanel teamId="team-1" teamName="Research" canManage />);
    await screen.findByText(/its spend is not capped/);
    fireEvent.change(screen.getByLabelText(/Budget \(USD\)/), { target: { value: '99' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set budget' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Only admins can create policies.');
    expect(screen.getByLabelText(/Budget \(USD\)/)).toHaveValue(99);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });
});
