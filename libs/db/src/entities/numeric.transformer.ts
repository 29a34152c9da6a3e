import type { ValueTransformer } from 'typeorm';

/** node-postgres returns NUMERIC as a string (it can exceed a double); prices and costs fit a double well. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** BIGINT columns that stay far below 2^53 (sequence numbers, config versions). */
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
