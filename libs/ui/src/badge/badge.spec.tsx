import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import { Badge } from './badge';

describe('Badge', () => {
  it('says its status in text, so colour is never the only signal', () => {
    render(<Badge tone="danger">Revoked</Badge>);
    expect(screen.getByText('Revoked')).toHaveClass('text-danger');
  });
});
