import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { ErrorState } from './error-state';

describe('ErrorState', () => {
  it('announces the problem and offers a retry', () => {
    const onRetry = jest.fn();
    render(<ErrorState title="Admin API unreachable" description="Check that it is running." onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Admin API unreachable');
    expect(alert).toHaveTextContent('Check that it is running.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('uses a generic title and shows no retry button without a retry action', () => {
    render(<ErrorState />);
    expect(screen.getByRole('alert')).toHaveTextContent('Something went wrong');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
