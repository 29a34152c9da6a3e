export { cx, focusRing } from './lib/cx';
export { Button, type ButtonProps, type ButtonSize, type ButtonVariant } from './button/button';
export { TextField, type TextFieldProps } from './text-field/text-field';
export { Skeleton, type SkeletonProps } from './skeleton/skeleton';
export { EmptyState, type EmptyStateProps } from './empty-state/empty-state';
export { ErrorState, type ErrorStateProps } from './error-state/error-state';
export { StatCard, type StatCardError, type StatCardProps, type StatDelta, type Trend } from './stat-card/stat-card';
export { DataTable, type DataTableColumn, type DataTableProps } from './data-table/data-table';
export { sortRows, nextSort, type SortDirection, type SortState, type SortValue } from './data-table/sort-rows';
export {
  TimeSeriesChart,
  type TimeSeriesChartProps,
  type TimeSeriesPoint,
  type TimeSeriesSeries,
} from './time-series-chart/time-series-chart';
export { Dialog, type DialogProps } from './dialog/dialog';
export { SelectField, type SelectFieldProps, type SelectOption } from './select-field/select-field';
export { Badge, type BadgeTone } from './badge/badge';
export { CodeBlock, type CodeBlockProps, type CodeSample } from './code-block/code-block';
export { StackedBarChart, type StackedBarChartProps } from './stacked-bar-chart/stacked-bar-chart';
