'use client';

import { useId, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '../empty-state/empty-state';
import { cx } from '../lib/cx';
import type { TimeSeriesPoint, TimeSeriesSeries } from '../time-series-chart/time-series-chart';

export interface StackedBarChartProps {
  title: string;
  description: string;
  data: readonly TimeSeriesPoint[];
  /** One stacked segment per series, bottom to top. */
  series: readonly TimeSeriesSeries[];
  formatTime?: (time: string) => string;
  formatValue?: (value: number) => string;
  height?: number;
  empty?: ReactNode;
  /** False for counts, so a small range does not get ticks like 0, 0.5, 1 shown as 0, 1, 1. */
  allowDecimals?: boolean;
  /** Actions next to the title, e.g. a metric picker or a CSV download. */
  actions?: ReactNode;
  className?: string;
}

const PALETTE = ['var(--sl-chart-1)', 'var(--sl-chart-2)', 'var(--sl-chart-3)', 'var(--sl-chart-4)', 'var(--sl-chart-5)', 'var(--sl-chart-6)'];
const axisTick = { fill: 'var(--sl-fg-muted)', fontSize: 12 };

/** Values over time split by group (e.g. requests per model), stacked so the bar height is the total. */
export function StackedBarChart({ title, description, data, series, formatTime, formatValue, height = 280, empty, allowDecimals = true, actions, className }: StackedBarChartProps) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <figure aria-labelledby={titleId} aria-describedby={descriptionId} className={cx('flex flex-col gap-4 rounded-xl border border-border bg-surface p-5', className)}>
      <figcaption className="flex flex-wrap items-start justify-between gap-3">
        <span className="flex flex-col gap-1">
          <span id={titleId} className="text-sm font-semibold text-fg">
            {title}
          </span>
          <span id={descriptionId} className="text-xs text-fg-muted">
            {description}
          </span>
        </span>
        {actions && <span className="flex flex-wrap items-center gap-2">{actions}</span>}
      </figcaption>
      {data.length === 0 || series.length === 0 ? (
        (empty ?? <EmptyState title="No data for this period" description="Data appears here as soon as there is some." />)
      ) : (
        <BarChart responsive style={{ width: '100%', height }} data={[...data]} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--sl-border)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="time" tickFormatter={formatTime} tick={axisTick} stroke="var(--sl-border)" minTickGap={24} />
          <YAxis tickFormatter={formatValue} tick={axisTick} stroke="var(--sl-border)" width={64} allowDecimals={allowDecimals} />
          <Tooltip
            formatter={formatValue ? (value: unknown) => formatValue(Number(value)) : undefined}
            labelFormatter={formatTime ? (label: unknown) => formatTime(String(label)) : undefined}
            cursor={{ fill: 'var(--sl-surface-muted)' }}
            contentStyle={{ background: 'var(--sl-surface)', border: '1px solid var(--sl-border)', borderRadius: 8, color: 'var(--sl-fg)' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, index) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="total" fill={s.color ?? PALETTE[index % PALETTE.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </figure>
  );
}
