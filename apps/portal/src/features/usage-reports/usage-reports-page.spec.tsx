import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { UsageReportsPage } from './usage-reports-page';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const job = (over: Record<string, unknown>) => ({
  id: 'r1',
  format: 'csv',
  status: 'succeeded',
  filters: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', groupBy: 'team', period: 'month' },
  progress: { rowsWritten: 12, rowsEstimated: 12 },
  fileBytes: 640,
  error: null,
  createdAt: '2026-11-25T09:00:00Z',
  completedAt: '2026-11-25T09:00:02Z',
  ...over,
});

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

describe('UsageReportsPage', () => {
  it('shows an empty state, creates a report for the chosen days and grouping, and lists it with its progress', async () => {
    fetchMock
      .mockResolvedValueOnce(json({ items: [], nextCursor: null }))
      .mockResolvedValueOnce(json(job({ id: 'r2', status: 'queued', progress: { rowsWritten: 0, rowsEstimated: null }, fileBytes: null, completedAt: null }), 202))
      .mockResolvedValueOnce(json({ items: [job({ id: 'r2', status: 'running', progress: { rowsWritten: 3, rowsEstimated: 12 }, fileBytes: null })], nextCursor: null }));
    render(<UsageReportsPage />);
    expect(await screen.findByText('No reports yet')).toBeInTheDocument();
    for (const field of [/First day/, /Last day/]) expect(screen.getByLabelText(field)).toHaveAccessibleDescription('Both days are included; days are UTC.');

    fireEvent.change(screen.getByLabelText(/First day/), { target: { value: '2026-09-01' } });
    fireEvent.change(screen.getByLabelText(/Last day/), { target: { value: '2026-09-30' } });
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'team_model' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create report' }));

    expect(await screen.findByTestId('usage-report')).toHaveTextContent('running');
    expect(screen.getByTestId('usage-report')).toHaveTextContent('3 rows of 12');
    expect(screen.getByRole('progressbar', { name: 'Export progress' })).toBeInTheDocument();
    const [url, init] = fetchMock.mock.calls[1];
    expect(String(url)).toBe('/api/v1/usage-reports');
    expect(JSON.parse(String(init?.body))).toEqual({ from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z', groupBy: 'team_model', period: 'month' });
  });

  it('offers the CSV and its manifest for a finished report and names what it covers', async () => {
    fetchMock.mockResolvedValueOnce(json({ items: [job({})], nextCursor: null }));
    render(<UsageReportsPage />);
    const item = await screen.findByTestId('usage-report');
    expect(item).toHaveTextContent('2026-10-01 to 2026-10-31 by team, per month');
    expect(screen.getByRole('button', { name: 'Download file' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download manifest' })).toBeInTheDocument();
  });

  it('refuses an inverted range in the form and shows the API refusal otherwise', async () => {
    fetchMock
      .mockResolvedValueOnce(json({ items: [], nextCursor: null }))
      .mockResolvedValueOnce(json({ type: 'urn:sluice:problem:forbidden', title: 'Forbidden', status: 403, detail: 'You may not export usage reports.' }, 403));
    render(<UsageReportsPage />);
    await screen.findByText('No reports yet');
    fireEvent.change(screen.getByLabelText(/First day/), { target: { value: '2026-09-30' } });
    fireEvent.change(screen.getByLabelText(/Last day/), { target: { value: '2026-09-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create report' }));
    expect(await screen.findByText('The last day must not be before the first day.')).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(1);

    fireEvent.change(screen.getByLabelText(/Last day/), { target: { value: '2026-09-30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create report' }));
    expect(await screen.findByText('You may not export usage reports.')).toBeInTheDocument();
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });
});
