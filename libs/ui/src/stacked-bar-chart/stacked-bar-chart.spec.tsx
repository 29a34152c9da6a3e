import '@testing-library/jest-dom';
import { render, screen, waitFor } from '@testing-library/react';
import { StackedBarChart } from './stacked-bar-chart';

const SIZE = { width: 600, height: 280 };

class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback([{ target, contentRect: SIZE } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}

beforeAll(() => {
  globalThis.ResizeObserver = FixedSizeResizeObserver as unknown as typeof ResizeObserver;
  const original = HTMLElement.prototype.getBoundingClientRect;
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('recharts-wrapper') ? (SIZE as DOMRect) : original.call(this);
  });
});

afterAll(() => jest.restoreAllMocks());

const series = [
  { key: 'gpt', label: 'gpt-4o-mini' },
  { key: 'claude', label: 'claude-haiku' },
];

describe('StackedBarChart', () => {
  it('is a figure named by its title, with its actions beside the title', () => {
    render(<StackedBarChart title="Requests by model" description="Last 24 hours" data={[]} series={series} actions={<button type="button">Download CSV</button>} />);
    expect(screen.getByRole('figure', { name: 'Requests by model' })).toHaveAccessibleDescription('Last 24 hours');
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeVisible();
  });

  it('shows the empty state without data', () => {
    const { container } = render(<StackedBarChart title="Requests by model" description="x" data={[]} series={series} />);
    expect(screen.getByText('No data for this period')).toBeVisible();
    expect(container.querySelector('svg.recharts-surface')).not.toBeInTheDocument();
  });

  it('stacks one bar segment per series for every point in time, with a legend', async () => {
    const data = [
      { time: '2026-03-01T10:00:00Z', gpt: 4, claude: 1 },
      { time: '2026-03-01T11:00:00Z', gpt: 2, claude: 3 },
    ];
    const { container } = render(<StackedBarChart title="Requests by model" description="x" data={data} series={series} />);
    await waitFor(() => expect(container.querySelectorAll('.recharts-bar-rectangle').length).toBe(4));
    expect(container.querySelectorAll('.recharts-bar')).toHaveLength(2);
    expect(screen.getByText('gpt-4o-mini')).toBeInTheDocument();
    expect(screen.getByText('claude-haiku')).toBeInTheDocument();
  });

  it('labels the time axis with the given formatter', async () => {
    const data = [
      { time: '2026-03-01T10:00:00Z', gpt: 1, claude: 0 },
      { time: '2026-03-01T11:00:00Z', gpt: 0, claude: 1 },
    ];
    const { container } = render(<StackedBarChart title="Requests by model" description="x" data={data} series={series} allowDecimals={false} formatTime={(t) => `h${t.slice(11, 13)}`} />);
    // recharts 3 draws tick labels in their own layer, after layout.
    await waitFor(() => expect(container.querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').length).toBeGreaterThan(0));
    const xTicks = [...container.querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')].map((t) => t.textContent);
    expect(xTicks).toEqual(['h10', 'h11']);
  });

  it('shows the caller’s empty state instead of the default one, also when there are no series', () => {
    render(<StackedBarChart title="Cost" description="x" data={[{ time: '2026-03-01T10:00:00Z' }]} series={[]} empty={<p>Nothing spent yet</p>} />);
    expect(screen.getByText('Nothing spent yet')).toBeVisible();
    expect(screen.queryByText('No data for this period')).not.toBeInTheDocument();
  });
});
