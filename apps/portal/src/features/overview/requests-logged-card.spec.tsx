import '@testing-library/jest-dom';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { RequestsLoggedCard } from './requests-logged-card';

// jsdom has no fetch Response; the card reads only status, ok and the JSON body.
const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

afterEach(() => jest.useRealTimers());

describe('RequestsLoggedCard', () => {
  it('shows a loading skeleton, then the request count read from the portal /api relay', async () => {
    fetchMock.mockResolvedValue(json({ totalRequests: 1287, since: '2026-03-01T09:00:00Z' }));
    render(<RequestsLoggedCard />);

    expect(screen.getByText('Loading')).toBeInTheDocument();
    expect(await screen.findByTestId('requests-logged')).toHaveTextContent(/^1287$/);
    expect(screen.getByText(/^Whole organization, since/)).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/stats/requests', expect.objectContaining({ cache: 'no-store' }));
  });

  it('explains an unreachable admin API and recovers on retry', async () => {
    fetchMock.mockResolvedValueOnce(
      json(
        { type: 'urn:sluice:problem:admin-api-unreachable', title: 'Bad Gateway', status: 502, detail: 'The portal could not reach the admin API.' },
        502,
      ),
    );
    render(<RequestsLoggedCard />);

    expect(await screen.findByRole('alert')).toHaveTextContent('Can’t load request statistics. The portal could not reach the admin API.');
    expect(screen.queryByTestId('requests-logged')).not.toBeInTheDocument();

    fetchMock.mockResolvedValueOnce(json({ totalRequests: 3, since: null }));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('requests-logged')).toHaveTextContent(/^3$/);
    expect(screen.getByText('Whole organization: no requests yet · updates every 3 s')).toBeInTheDocument();
  });

  it('treats an answer that breaks the contract as an error rather than showing it', async () => {
    fetchMock.mockResolvedValue(json({ totalRequests: 'many' }));
    render(<RequestsLoggedCard />);
    expect(await screen.findByRole('alert')).toHaveTextContent('unexpected format');
  });

  it('refreshes every 3 seconds and when the window regains focus', async () => {
    jest.useFakeTimers();
    let count = 10;
    fetchMock.mockImplementation(async () => json({ totalRequests: count++, since: null }));
    render(<RequestsLoggedCard />);
    await act(() => jest.advanceTimersByTimeAsync(0));
    expect(screen.getByTestId('requests-logged')).toHaveTextContent(/^10$/);

    await act(() => jest.advanceTimersByTimeAsync(3_000));
    expect(screen.getByTestId('requests-logged')).toHaveTextContent(/^11$/);

    await act(async () => {
      window.dispatchEvent(new Event('focus'));
      await jest.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('requests-logged')).toHaveTextContent(/^12$/);
  });
});
