'use client';

import { useId, type ReactNode } from 'react';
import { CartesianGrid, Dot, Legend, Line, LineChart, Tooltip, XAxis, YAxis, type DotItemDotProps } from 'recharts';
import { EmptyState } from '../empty-state/empty-state';
import { cx } from '../lib/cx';

/** One point in time; every other key is the value of the series with that key. */
export interface TimeSeriesPoint {
  time: string;
  [seriesKey: string]: string | number;
}

export interface TimeSeriesSeries {
  key: string;
  label: string;
  /** Any CSS colour; defaults to the theme's chart palette. */
  color?: string;
}

export interface TimeSeriesChartProps {
  title: string;
  /** What the chart shows, for screen readers and as visible help text. */
  description: string;
  data: readonly TimeSeriesPoint[];
  series: readonly TimeSeriesSeries[];
  formatTime?: (time: string) => string;
  formatValue?: (value: number) => string;
  height?: number;
  /** Shown instead of the chart when there is no data. */
  empty?: ReactNode;
  className?: string;
}

const PALETTE_SIZE = 4;
const paletteColor = (index: number) => `var(--sl-chart-${(index % PALETTE_SIZE) + 1})`;
const axisTick = { fill: 'var(--sl-fg-muted)', fontSize: 12 };

/**
 * Rows where the series has a value and neither neighbour has one. A line needs two neighbouring points,
 * so these would be invisible (a gap is a missing value, e.g. an hour without traffic for a latency).
 */
export function isolatedPoints(data: readonly TimeSeriesPoint[], key: string): ReadonlySet<number> {
  const has = (index: number) => typeof data[index]?.[key] === 'number';
  const isolated = new Set<number>();
  for (let index = 0; index < data.length; index++) {
    if (has(index) && !has(index - 1) && !has(index + 1)) isolated.add(index);
  }
  return isolated;
}

/** Draws a dot only where the line cannot show the value. */
function dotsWhereIsolated(isolated: ReadonlySet<number>) {
  return function IsolatedPointDot(props: DotItemDotProps) {
    if (!isolated.has(props.index)) return null;
    const { points: _points, payload: _payload, dataKey: _dataKey, value: _value, index, ...dot } = props;
    return <Dot key={`isolated-${index}`} {...dot} r={3} className="recharts-line-dot" />;
  };
}

export function TimeSeriesChart({
  title,
  description,
  data,
  series,
  formatTime,
  formatValue,
  height = 280,
  empty,
  className,
}: TimeSeriesChartProps) {
  const titleId = useId();
  const descriptionId = useId();
  const valueFormatter = formatValue ? (value: unknown) => formatValue(Number(value)) : undefined;

  return (
    <figure
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className={cx('flex flex-col gap-4 rounded-xl border border-border bg-surface p-5', className)}
    >
      <figcaption className="flex flex-col gap-1">
        <span id={titleId} className="text-sm font-semibold text-fg">
          {title}
        </span>
        <span id={descriptionId} className="text-xs text-fg-muted">
          {description}
        </span>
      </figcaption>
      {data.length === 0 ? (
        (empty ?? <EmptyState title="No data for this period" description="Data appears here as soon as there is some." />)
      ) : (
        <LineChart responsive style={{ width: '100%', height }} data={[...data]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--sl-border)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="time" tickFormatter={formatTime} tick={axisTick} stroke="var(--sl-border)" minTickGap={24} />
          <YAxis tickFormatter={formatValue} tick={axisTick} stroke="var(--sl-border)" width={56} allowDecimals={false} />
          <Tooltip
            formatter={valueFormatter}
            labelFormatter={formatTime ? (label: unknown) => formatTime(String(label)) : undefined}
            contentStyle={{
              background: 'var(--sl-surface)',
              border: '1px solid var(--sl-border)',
              borderRadius: 8,
              color: 'var(--sl-fg)',
            }}
          />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s, index) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color ?? paletteColor(index)}
              strokeWidth={2}
              dot={dotsWhereIsolated(isolatedPoints(data, s.key))}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
