import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { AuditEventDialog } from './audit-event-dialog';
import type { AuditRecord } from './audit-schemas';

const event: AuditRecord = {
  id: '7f1d1c5e-2f6c-4a53-9f3e-1f5a4e0c9b11',
  org_id: '0a8f3b52-8a4a-4f55-9a55-7b7b2b7b7b7b',
  seq: 42,
  occurred_at: '2026-03-01T10:00:00.000Z',
  actor_type: 'user',
  actor_id: 'u-1',
  actor_auth_method: 'password',
  action: 'api_key.revoked',
  target_type: 'api_key',
  target_id: 'k-1',
  before: { name: 'ci', revokedAt: null },
  after: { name: 'ci', revokedAt: '2026-03-01T10:00:00.000Z' },
  ip: '10.0.0.1',
  user_agent: 'jest',
  result: 'success',
  request_id: 'r-1',
  prev_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('AuditEventDialog', () => {
  it('shows the event, its chain links and a field-by-field before/after diff, changed fields first', () => {
    render(<AuditEventDialog event={event} onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'api_key.revoked' });
    expect(dialog).toHaveAccessibleDescription('Audit event #42');
    expect(dialog).toHaveTextContent('b'.repeat(64));
    const rows = within(screen.getByRole('table', { name: 'Field values before and after the change' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['null', '2026-03-01T10:00:00.000Z', 'changed'],
      ['ci', 'ci', 'unchanged'],
    ]);
    expect(within(rows[0]).getByRole('rowheader')).toHaveTextContent('revokedAt');
  });

  it('says so when an event records no state, and closes', () => {
    const onClose = jest.fn();
    render(<AuditEventDialog event={{ ...event, action: 'auth.login_succeeded', before: null, after: null }} onClose={onClose} />);
    expect(screen.getByText('This event records no before or after state.')).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('renders nothing without an event', () => {
    render(<AuditEventDialog event={null} onClose={() => undefined} />);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
