import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { StatCard } from './stat-card';

describe('StatCard', () => {
  it('shows the label, the value and the trend in words for screen readers', () => {
    render(
      <StatCard
        label="Requests logged"
        value="1204"
        valueTestId="requests"
        delta={{ value: '+12%', trend: 'up', label: 'vs. last week', sentiment: 'positive' }}
        footnote="since 1 Mar 2026"
      />,
    );
    expect(screen.getByRole('heading', { name: 'Requests logged' })).toBeVisible();
    expect(screen.getByTestId('requests')).toHaveTextContent(/^1204$/);
    expect(screen.getByText(/\+12%/)).toHaveTextContent('Up +12%vs. last week');
    expect(screen.getByText('since 1 Mar 2026')).toBeVisible();
  });

  it('shows a busy skeleton instead of a value while loading', () => {
    const { container } = render(<StatCard label="Requests logged" value="1204" valueTestId="requests" loading />);
    expect(container.firstChild).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByText('Loading')).toBeInTheDocument();
    expect(screen.queryByTestId('requests')).not.toBeInTheDocument();
    expect(container.querySelectorAll('[data-skeleton]').length).toBeGreaterThan(0);
  });

  it('shows the error with a retry action instead of a value', () => {
    const onRetry = jest.fn();
    render(<StatCard label="Requests logged" valueTestId="requests" error={{ message: 'Admin API unreachable', onRetry }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Admin API unreachable');
    expect(screen.queryByTestId('requests')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
