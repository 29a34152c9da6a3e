import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import { EmptyState } from './empty-state';

describe('EmptyState', () => {
  it('shows the title, the explanation and the way forward', () => {
    render(
      <EmptyState
        title="No API keys yet"
        description="Create a key to call the gateway."
        action={<button type="button">Create key</button>}
      />,
    );
    expect(screen.getByText('No API keys yet')).toBeVisible();
    expect(screen.getByText('Create a key to call the gateway.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Create key' })).toBeVisible();
  });
});
