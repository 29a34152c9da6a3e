import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { SummaryCards } from './summary-cards';

const totals = {
  requests: 1234,
  errors: 12,
  errorRate: 12 / 1234,
  promptTokens: 50_000,
  completionTokens: 20_000,
  totalTokens: 70_000,
  costUsd: 3.5,
  cacheHits: 100,
  cacheHitRate: 0.081,
  latencyMs: { p50: 240, p95: 1_250, p99: null },
};

describe('SummaryCards', () => {
  it('shows every headline number formatted for people', () => {
    render(<SummaryCards state={{ status: 'ready', data: totals }} onRetry={() => undefined} />);
    expect(screen.getByTestId('total-requests')).toHaveTextContent('1,234');
    expect(screen.getByTestId('total-tokens')).toHaveTextContent('70K');
    expect(screen.getByTestId('total-cost')).toHaveTextContent('$3.50');
    expect(screen.getByTestId('error-rate')).toHaveTextContent('1%');
    expect(screen.getByTestId('latency-p50')).toHaveTextContent('240 ms');
    expect(screen.getByTestId('latency-p95')).toHaveTextContent('1.25 s');
    expect(screen.getByTestId('latency-p99')).toHaveTextContent('—');
    expect(screen.getByTestId('cache-hit-rate')).toHaveTextContent('8.1%');
  });

  it('shows skeletons while loading', () => {
    render(<SummaryCards state={{ status: 'loading' }} onRetry={() => undefined} />);
    expect(screen.getAllByText('Loading')).toHaveLength(8);
    expect(screen.queryByTestId('total-requests')).not.toBeInTheDocument();
  });

  it('explains a failure and retries', () => {
    const onRetry = jest.fn();
    render(<SummaryCards state={{ status: 'error', message: 'The portal could not reach the admin API.' }} onRetry={onRetry} />);
    expect(screen.getAllByRole('alert')[0]).toHaveTextContent('Can’t load usage totals. The portal could not reach the admin API.');
    fireEvent.click(screen.getAllByRole('button', { name: 'Retry' })[0]);
    expect(onRetry).toHaveBeenCalled();
  });
});
