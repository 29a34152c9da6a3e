import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PolicyDialog } from './policy-dialog';
import type { Policy } from './policy-schemas';

const json = (body: unknown, status = 200) => ({ ok: status >= 200 && status < 300, status, json: async () => body }) as Response;
let fetchMock: jest.Mock<Promise<Response>, [RequestInfo | URL, RequestInit?]>;

beforeEach(() => {
  fetchMock = jest.fn();
  globalThis.fetch = fetchMock as unknown as typeof fetch;
});

const saved = (over: Partial<Policy>): Policy => ({ id: 'pol-1', kind: 'rate_limit', name: 'x', description: '', spec: {}, version: 1, attachments: [], updatedAt: '2026-11-26T00:00:00Z', ...over });
const sentBody = (call = 0) => JSON.parse(String(fetchMock.mock.calls[call][1]?.body));

describe('PolicyDialog', () => {
  it('creates a rate-limit policy with per-model limits, as the shared schema reads it', async () => {
    const onSaved = jest.fn();
    fetchMock.mockResolvedValueOnce(json(saved({ name: 'Team limits' }), 201));
    render(<PolicyDialog editing={{ mode: 'create', kind: 'rate_limit' }} onClose={jest.fn()} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Team limits' } });
    fireEvent.change(screen.getByLabelText('Requests per minute'), { target: { value: '600' } });
    fireEvent.change(screen.getByLabelText('Per-model limits'), { target: { value: 'gpt-4o: rpm=60 tpm=100000\nclaude-sonnet-4: maxConcurrent=5' } });
    fireEvent.change(screen.getByLabelText('When Redis is unreachable'), { target: { value: 'closed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ name: 'Team limits' }), true));
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/policies');
    expect(sentBody()).toEqual({
      kind: 'rate_limit',
      name: 'Team limits',
      description: '',
      spec: { rpm: 600, perModel: { 'gpt-4o': { rpm: 60, tpm: 100000 }, 'claude-sonnet-4': { maxConcurrent: 5 } }, failMode: 'closed' },
    });
  });

  it('shows the shared schema’s refusals next to the fields and sends nothing', async () => {
    render(<PolicyDialog editing={{ mode: 'create', kind: 'budget' }} onClose={jest.fn()} onSaved={jest.fn()} />);
    fireEvent.change(screen.getByLabelText('Amount (USD)'), { target: { value: '0' } });
    fireEvent.change(screen.getByLabelText(/^Alert at/), { target: { value: '50, 150' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(await screen.findByText('Give the policy a name')).toBeVisible();
    expect(screen.getByLabelText('Amount (USD)')).toHaveAccessibleDescription(/0/);
    expect(screen.getByLabelText(/^Alert at/)).toHaveAccessibleDescription(/#2/);

    fireEvent.change(screen.getByLabelText(/^Kind/), { target: { value: 'guardrail' } });
    fireEvent.change(screen.getByLabelText('Blocked patterns'), { target: { value: 'secret.*' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(await screen.findByText(/#1: unbounded quantifier/)).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('edits a logging policy with the version it read, and shows a conflict in words', async () => {
    const policy = saved({ id: 'pol-9', kind: 'logging', name: 'Keep prompts', version: 4, spec: { storePrompts: true, storeResponses: false, retentionDays: 30 } });
    fetchMock.mockResolvedValueOnce(json({ type: 'urn:sluice:problem:version-conflict', title: 'Conflict', status: 409, detail: 'The policy was changed by someone else (now version 5). Reload it and try again.' }, 409));
    render(<PolicyDialog editing={{ mode: 'edit', policy }} onClose={jest.fn()} onSaved={jest.fn()} />);
    expect(screen.getByRole('checkbox', { name: /Store prompts/ })).toBeChecked();
    expect(screen.queryByLabelText(/^Kind/)).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: /Store responses/ }));
    fireEvent.change(screen.getByLabelText('Retention (days)'), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('changed by someone else');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/policies/pol-9');
    expect(fetchMock.mock.calls[0][1]?.method).toBe('PATCH');
    expect(sentBody()).toEqual({ name: 'Keep prompts', description: '', spec: { storePrompts: true, storeResponses: true, retentionDays: 90 }, expectedVersion: 4 });
  });
});
