import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DeadLettersPanel } from './dead-letters-panel';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
const noContent = () => ({ ok: true, status: 204, json: async () => undefined }) as unknown as Response;
const letter = {
  id: 'usage-events-dead:dead-1',
  deadLetterQueue: 'usage-events-dead',
  queue: 'usage-events',
  jobId: 'job-1',
  jobName: 'batch',
  kind: 'malformed',
  reason: 'events.0.model: Required',
  attempts: 1,
  failedAt: '2026-11-26T01:00:00.000Z',
  payloadSummary: { events: 3, requestIds: ['req-1'], model: null },
};

let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;
beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

describe('DeadLettersPanel: discard', () => {
  it('asks first (saying the events will never be counted), deletes and reloads', async () => {
    fetchMock
      .mockResolvedValueOnce(json({ items: [letter], nextCursor: null }))
      .mockResolvedValueOnce(noContent())
      .mockResolvedValueOnce(json({ items: [], nextCursor: null }));
    render(<DeadLettersPanel canManage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Discard batch job-1' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('its 3 usage events will never be counted');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Discarded batch #job-1.');
    expect(await screen.findByText('No dead letters')).toBeInTheDocument();
    const [url, init] = fetchMock.mock.calls[1];
    expect(String(url)).toBe('/api/v1/dead-letters/usage-events-dead%3Adead-1');
    expect(init?.method).toBe('DELETE');
  });

  it('shows the refusal in the dialog and keeps the row', async () => {
    fetchMock
      .mockResolvedValueOnce(json({ items: [letter], nextCursor: null }))
      .mockResolvedValueOnce(json({ type: 'urn:sluice:problem:not-found', title: 'Not Found', status: 404, detail: 'No dead letter with this id.' }, 404));
    render(<DeadLettersPanel canManage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Discard batch job-1' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Discard' }));
    expect(await within(screen.getByRole('dialog')).findByText(/No dead letter with this id\./)).toBeInTheDocument();
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(screen.getByRole('button', { name: 'Discard batch job-1' })).toBeInTheDocument();
  });
});

describe('DeadLettersPanel: read-only', () => {
  it('lists the dead letters and why they failed without a Retry or Discard control', async () => {
    const exhausted = { ...letter, id: 'alerts-dead:dead-2', queue: 'alerts', jobId: 'a-1', jobName: 'budget_threshold', kind: 'exhausted', reason: 'failed 3 times; last error: db down', attempts: 3 };
    fetchMock.mockResolvedValueOnce(json({ items: [letter, exhausted], nextCursor: null }));
    render(<DeadLettersPanel canManage={false} />);
    const row = (await screen.findByText('failed 3 times; last error: db down')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Gave up after 3 attempts');
    expect(screen.getByText('events.0.model: Required')).toBeVisible();
    expect(screen.getByText(/Owners and admins retry or discard them/)).toBeVisible();
    expect(screen.queryByRole('button', { name: /^(Retry|Discard)/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
