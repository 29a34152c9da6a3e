import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { SelectField } from './select-field';

const teams = [
  { value: 't1', label: 'Search' },
  { value: 't2', label: 'Support' },
];

describe('SelectField', () => {
  it('is a labelled combobox with the placeholder first and reports the choice', () => {
    const onChange = jest.fn();
    render(<SelectField label="Team" options={teams} placeholder="All teams" defaultValue="" onChange={onChange} hint="Usage is billed to it" />);
    const select = screen.getByRole('combobox', { name: 'Team' });
    expect(select).toHaveAccessibleDescription('Usage is billed to it');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['All teams', 'Search', 'Support']);
    fireEvent.change(select, { target: { value: 't2' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(select).toHaveValue('t2');
  });

  it('marks itself invalid and announces the error', () => {
    render(<SelectField label="Team" options={teams} error="Choose a team" />);
    const select = screen.getByRole('combobox', { name: 'Team' });
    expect(select).toBeInvalid();
    expect(select).toHaveAccessibleDescription('Choose a team');
  });
});
