import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ConnectionTestPanel } from './connection-test-panel';
import { resetConnectionTestDetection } from './connection-test-support';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const CONNECTION = '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11';
const TEST_ID = 'AbCdEfGhIjKlMnOpQr';
const withRoutes = { paths: { '/api/v1/sso/connections/{id}/test': { post: {} }, '/api/v1/sso/connections/{id}/test/{testId}': { get: {} } } };
const run = { id: TEST_ID, connectionId: CONNECTION, loginUrl: `/api/v1/auth/sso/${CONNECTION}/start?test=${TEST_ID}`, createdAt: '2026-11-26T05:00:00.000Z', expiresAt: '2026-11-26T05:30:00.000Z', finishedAt: null, result: null, failure: null };

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  resetConnectionTestDetection();
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});
const teamName = (id: string | null) => (id === 'team-1' ? 'Research' : 'a team');

describe('ConnectionTestPanel', () => {
  it('shows nothing when the admin API has no test routes', async () => {
    fetchMock.mockResolvedValueOnce(json({ paths: {} }));
    const { container } = render(<ConnectionTestPanel connectionId={CONNECTION} testId={null} teamName={teamName} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith('/api/docs/openapi.json', expect.anything()));
    expect(screen.queryByRole('button', { name: 'Test connection' })).not.toBeInTheDocument();
    expect(container).toBeEmptyDOMElement();
  });

  it('starts a test run and opens its login URL', async () => {
    const navigate = jest.fn();
    fetchMock.mockResolvedValueOnce(json(withRoutes)).mockResolvedValueOnce(json({ ...run, status: 'pending' }, 201));
    render(<ConnectionTestPanel connectionId={CONNECTION} testId={null} teamName={teamName} navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(run.loginUrl));
    expect(fetchMock.mock.calls[1][0]).toBe(`/api/v1/sso/connections/${CONNECTION}/test`);
    expect(fetchMock.mock.calls[1][1]?.method).toBe('POST');
  });

  it('shows what a successful test sign-in asserted and what it would change', async () => {
    fetchMock.mockImplementation(async (url) =>
      String(url).includes('openapi')
        ? json(withRoutes)
        : json({
            ...run,
            status: 'succeeded',
            finishedAt: '2026-11-26T05:01:00.000Z',
            result: {
              claims: { subject: 'sub-1', email: 'ada@acme.test', emailVerified: true, name: 'Ada', groups: ['eng', 'admins'] },
              user: { action: 'link_by_email', userId: null, email: 'ada@acme.test' },
              matchedGroups: ['eng'],
              changes: { add: [{ teamId: 'team-1', role: 'developer' }], remove: [], change: [{ teamId: null, from: 'viewer', to: 'admin' }] },
              membershipsAfter: [],
            },
          }),
    );
    render(<ConnectionTestPanel connectionId={CONNECTION} testId={TEST_ID} teamName={teamName} />);
    const outcome = await screen.findByTestId('sso-test-outcome');
    await waitFor(() => expect(outcome).toHaveTextContent('Succeeded'));
    expect(outcome).toHaveTextContent('Would link the existing account with this (verified) email');
    expect(outcome).toHaveTextContent('eng, admins');
    expect(outcome).toHaveTextContent('add Developer in Research');
    expect(outcome).toHaveTextContent('change Viewer to Admin (org-wide)');
    expect(fetchMock).toHaveBeenCalledWith(`/api/v1/sso/connections/${CONNECTION}/test/${TEST_ID}`, expect.anything());
  });

  it('shows the precise reason of a failed test, even when the OpenAPI document cannot be read', async () => {
    fetchMock.mockImplementation(async (url) =>
      String(url).includes('openapi') ? json(null, 503) : json({ ...run, status: 'failed', finishedAt: run.createdAt, failure: { reason: 'wrong_audience', detail: 'The assertion is for https://other.example, not this SP.' } }),
    );
    render(<ConnectionTestPanel connectionId={CONNECTION} testId={TEST_ID} teamName={teamName} />);
    const outcome = await screen.findByTestId('sso-test-outcome');
    await waitFor(() => expect(outcome).toHaveTextContent('Failed'));
    expect(outcome).toHaveTextContent('wrong_audience');
    expect(outcome).toHaveTextContent('The assertion is for https://other.example, not this SP.');
    expect(screen.queryByRole('button', { name: 'Test connection' })).not.toBeInTheDocument();
  });
});
