import '@testing-library/jest-dom';
import { render, screen, waitFor } from '@testing-library/react';
import { isolatedPoints, TimeSeriesChart, type TimeSeriesPoint } from './time-series-chart';

// jsdom has no layout engine: give the responsive chart an observer and a measured size.
const SIZE = { width: 600, height: 280 };

class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const entry = { target, contentRect: SIZE } as unknown as ResizeObserverEntry;
    this.callback([entry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}

beforeAll(() => {
  globalThis.ResizeObserver = FixedSizeResizeObserver as unknown as typeof ResizeObserver;
  // Only the chart's own box has the size; measured as 600×280 the legend would leave no room to plot.
  const original = HTMLElement.prototype.getBoundingClientRect;
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('recharts-wrapper') ? (SIZE as DOMRect) : original.call(this);
  });
});

afterAll(() => jest.restoreAllMocks());

const series = [
  { key: 'requests', label: 'Requests' },
  { key: 'errors', label: 'Errors' },
];

describe('TimeSeriesChart', () => {
  it('is a figure named by its title and described by its description', () => {
    render(<TimeSeriesChart title="Requests per hour" description="All teams, last 24 hours" data={[]} series={series} />);
    const figure = screen.getByRole('figure', { name: 'Requests per hour' });
    expect(figure).toHaveAccessibleDescription('All teams, last 24 hours');
  });

  it('shows the empty state and no chart when there is no data', () => {
    const { container } = render(
      <TimeSeriesChart title="Requests per hour" description="All teams" data={[]} series={series} />,
    );
    expect(screen.getByText('No data for this period')).toBeVisible();
    expect(container.querySelector('svg')).not.toBeInTheDocument();
  });

  it('draws one line per series with a legend when given data', async () => {
    const data = [
      { time: '2026-03-01T10:00:00Z', requests: 10, errors: 1 },
      { time: '2026-03-01T11:00:00Z', requests: 25, errors: 0 },
      { time: '2026-03-01T12:00:00Z', requests: 18, errors: 2 },
    ];
    const { container } = render(
      <TimeSeriesChart title="Requests per hour" description="All teams" data={data} series={series} />,
    );
    expect(screen.queryByText('No data for this period')).not.toBeInTheDocument();
    // recharts draws the plot area after its store has measured the layout, one tick after mount.
    await waitFor(() => expect(container.querySelectorAll('.recharts-line')).toHaveLength(2));
    expect(screen.getByText('Requests')).toBeInTheDocument();
    expect(screen.getByText('Errors')).toBeInTheDocument();
  });

  it('draws a lone point as a dot, so a single sample is not invisible', async () => {
    const { container } = render(<TimeSeriesChart title="Requests" description="x" data={[{ time: '2026-03-01T10:00:00Z', requests: 7, errors: 0 }]} series={series} />);
    await waitFor(() => expect(container.querySelectorAll('.recharts-line')).toHaveLength(2));
    expect(container.querySelectorAll('.recharts-line-dot').length).toBeGreaterThanOrEqual(2);
  });

  it('draws a dot where a series has a value between two gaps (the first hour with traffic in a latency chart), and none on a continuous line', async () => {
    const latency: TimeSeriesPoint[] = [
      { time: '2026-03-01T10:00:00Z' },
      { time: '2026-03-01T11:00:00Z' },
      { time: '2026-03-01T12:00:00Z', p50: 3 },
      { time: '2026-03-01T13:00:00Z' },
    ];
    const gaps = render(<TimeSeriesChart title="Latency" description="x" data={latency} series={[{ key: 'p50', label: 'p50' }]} />);
    await waitFor(() => expect(gaps.container.querySelectorAll('.recharts-line')).toHaveLength(1));
    await waitFor(() => expect(gaps.container.querySelectorAll('.recharts-line-dot')).toHaveLength(1));
    gaps.unmount();

    const continuous = [
      { time: '2026-03-01T10:00:00Z', requests: 1, errors: 0 },
      { time: '2026-03-01T11:00:00Z', requests: 2, errors: 0 },
      { time: '2026-03-01T12:00:00Z', requests: 3, errors: 1 },
    ];
    const { container } = render(<TimeSeriesChart title="Requests" description="x" data={continuous} series={series} />);
    await waitFor(() => expect(container.querySelectorAll('.recharts-line-curve')).toHaveLength(2));
    expect(container.querySelectorAll('.recharts-line-dot')).toHaveLength(0);
  });

  it('finds the points a line cannot show: a value with no value on either side', () => {
    const data: TimeSeriesPoint[] = [{ time: 'a', v: 1 }, { time: 'b' }, { time: 'c', v: 2 }, { time: 'd', v: 3 }, { time: 'e' }, { time: 'f', v: 0 }];
    expect([...isolatedPoints(data, 'v')]).toEqual([0, 5]);
    expect([...isolatedPoints(data, 'other')]).toEqual([]);
    expect([...isolatedPoints([{ time: 'a', v: 1 }], 'v')]).toEqual([0]);
  });

  it('labels the time axis with the given formatter', async () => {
    const data = [
      { time: '2026-03-01T10:00:00Z', requests: 0, errors: 0 },
      { time: '2026-03-01T11:00:00Z', requests: 1, errors: 0 },
      { time: '2026-03-01T12:00:00Z', requests: 2, errors: 1 },
    ];
    const { container } = render(<TimeSeriesChart title="Requests" description="x" data={data} series={series} formatTime={(t) => `h${t.slice(11, 13)}`} />);
    // recharts 3 draws tick labels in their own layer, after layout.
    await waitFor(() => expect(container.querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').length).toBeGreaterThan(0));
    const xTicks = [...container.querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')].map((t) => t.textContent);
    expect(xTicks).toEqual(['h10', 'h11', 'h12']);
  });
});
