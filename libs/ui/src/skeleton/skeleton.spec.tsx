import '@testing-library/jest-dom';
import { render } from '@testing-library/react';
import { Skeleton } from './skeleton';

describe('Skeleton', () => {
  it('renders a placeholder of the requested size that assistive tech skips', () => {
    const { container } = render(<Skeleton className="h-9 w-28" />);
    const bar = container.querySelector('[data-skeleton]');
    expect(bar).toHaveAttribute('aria-hidden', 'true');
    expect(bar).toHaveClass('h-9', 'w-28', 'animate-pulse');
    expect(bar).toBeEmptyDOMElement();
  });
});
