import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { RequestLogsPage } from './request-logs-page';

jest.mock('next/navigation', () => ({ useRouter: () => ({ replace: jest.fn() }), useSearchParams: () => new URLSearchParams() }));

const json = (body: unknown) => ({ ok: true, status: 200, json: async () => body }) as Response;
const log = {
  id: 'e-1',
  requestId: 'req-1',
  occurredAt: '2026-11-27T22:15:00Z',
  teamId: 't-1',
  apiKeyId: 'k-1',
  userId: 'u-1',
  endpoint: 'chat.completions',
  model: 'gpt-4o-mini',
  provider: 'Mock OpenAI',
  deploymentId: null,
  status: 'success',
  httpStatus: 200,
  errorCode: null,
  promptTokens: 5,
  completionTokens: 6,
  cachedTokens: 0,
  costUsd: 0.0000044,
  latencyMs: 18,
  ttftMs: 12,
  stream: false,
  cacheStatus: 'bypass',
  metadata: {},
  teamName: 'Research',
  apiKeyLabel: 'dana-research (sk-sluice-QKAh…)',
  userEmail: null,
};

beforeEach(() => {
  globalThis.fetch = jest.fn(async () => json({ items: [log], nextCursor: null })) as unknown as typeof fetch;
});

describe('RequestLogsPage', () => {
  it('names the team, key and user of a request in its details, with the id beside the name or alone without one', async () => {
    render(<RequestLogsPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Details of request req-1' }));
    const details = screen.getByRole('dialog');
    const fact = (term: string) => within(details).getByText(term).nextElementSibling;
    expect(fact('Team')).toHaveTextContent('Research · t-1');
    expect(fact('API key')).toHaveTextContent('dana-research (sk-sluice-QKAh…) · k-1');
    expect(fact('User')).toHaveTextContent(/^u-1$/);
  });
});
