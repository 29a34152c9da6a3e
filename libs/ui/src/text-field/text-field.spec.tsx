import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import { TextField } from './text-field';

describe('TextField', () => {
  it('labels the input and describes it with the hint', () => {
    render(<TextField label="Key name" hint="Shown in usage reports" />);
    const input = screen.getByLabelText('Key name');
    expect(input).toHaveAccessibleDescription('Shown in usage reports');
    expect(input).toBeValid();
  });

  it('marks the input invalid and announces the error together with the hint', () => {
    render(<TextField label="Key name" hint="Shown in usage reports" error="Name is required" />);
    const input = screen.getByLabelText('Key name');
    expect(input).toBeInvalid();
    expect(input).toHaveAccessibleDescription('Shown in usage reports Name is required');
    expect(screen.getByText('Name is required')).toBeVisible();
  });

  it('keeps a caller-supplied aria-describedby and id', () => {
    render(
      <>
        <p id="policy">Names must be unique</p>
        <TextField id="key-name" label="Key name" aria-describedby="policy" error="Taken" />
      </>,
    );
    const input = screen.getByLabelText('Key name');
    expect(input).toHaveAttribute('id', 'key-name');
    expect(input).toHaveAccessibleDescription('Names must be unique Taken');
  });
});
