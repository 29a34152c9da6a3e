import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DataTable, type DataTableColumn } from './data-table';

interface Model {
  name: string;
  contextWindow: number;
}

const columns: DataTableColumn<Model>[] = [
  { id: 'name', header: 'Model', cell: (m) => m.name, sortValue: (m) => m.name },
  { id: 'context', header: 'Context window', cell: (m) => m.contextWindow, sortValue: (m) => m.contextWindow, align: 'end' },
  { id: 'note', header: 'Note', cell: () => '—' },
];
const rows: Model[] = [
  { name: 'gpt-4o-mini', contextWindow: 128_000 },
  { name: 'claude-haiku', contextWindow: 200_000 },
  { name: 'gemini-flash', contextWindow: 1_000_000 },
];

const firstColumn = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0].textContent);

describe('DataTable', () => {
  it('renders the rows in the given order under a named table', () => {
    render(<DataTable caption="Models" columns={columns} rows={rows} rowKey={(m) => m.name} />);
    expect(screen.getByRole('table', { name: 'Models' })).toBeInTheDocument();
    expect(firstColumn()).toEqual(['gpt-4o-mini', 'claude-haiku', 'gemini-flash']);
  });

  it('sorts by a column when its header is activated, and reverses on the second activation', () => {
    render(<DataTable caption="Models" columns={columns} rows={rows} rowKey={(m) => m.name} />);
    const header = screen.getByRole('columnheader', { name: /Context window/ });
    expect(header).toHaveAttribute('aria-sort', 'none');

    fireEvent.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(firstColumn()).toEqual(['gpt-4o-mini', 'claude-haiku', 'gemini-flash']);

    fireEvent.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    expect(firstColumn()).toEqual(['gemini-flash', 'claude-haiku', 'gpt-4o-mini']);

    fireEvent.click(screen.getByRole('button', { name: /Model/ }));
    expect(header).toHaveAttribute('aria-sort', 'none');
    expect(firstColumn()).toEqual(['claude-haiku', 'gemini-flash', 'gpt-4o-mini']);
  });

  it('offers sorting only on sortable columns, through focusable buttons', () => {
    render(<DataTable caption="Models" columns={columns} rows={rows} rowKey={(m) => m.name} />);
    const note = screen.getByRole('columnheader', { name: 'Note' });
    expect(note).not.toHaveAttribute('aria-sort');
    expect(within(note).queryByRole('button')).not.toBeInTheDocument();
    const sortButton = screen.getByRole('button', { name: /Model/ });
    sortButton.focus();
    expect(sortButton).toHaveFocus();
  });

  it('shows the empty state when there are no rows', () => {
    render(
      <DataTable caption="Models" columns={columns} rows={[]} rowKey={(m) => m.name} empty={<p>No models in the catalog</p>} />,
    );
    expect(screen.getByText('No models in the catalog')).toBeVisible();
    expect(screen.getAllByRole('row')).toHaveLength(2);
  });
});
