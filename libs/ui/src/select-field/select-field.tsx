'use client';

import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx, focusRing } from '../lib/cx';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends Omit<ComponentPropsWithRef<'select'>, 'id' | 'children'> {
  label: ReactNode;
  options: readonly SelectOption[];
  /** A first, empty choice such as "All teams". */
  placeholder?: string;
  hint?: ReactNode;
  error?: ReactNode;
  id?: string;
}

/** A labelled native select (keyboard and screen-reader behaviour come from the browser). */
export function SelectField({ label, options, placeholder, hint, error, id, className, ...select }: SelectFieldProps) {
  const generatedId = useId();
  const selectId = id ?? generatedId;
  const hintId = hint ? `${selectId}-hint` : undefined;
  const errorId = error ? `${selectId}-error` : undefined;
  return (
    <div className={cx('flex flex-col gap-1.5', className)}>
      <label htmlFor={selectId} className="text-sm font-medium text-fg">
        {label}
      </label>
      <select
        id={selectId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        className={cx(
          'h-10 rounded-lg border bg-surface px-3 text-sm text-fg disabled:cursor-not-allowed disabled:opacity-60',
          error ? 'border-danger' : 'border-border',
          focusRing,
        )}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} className="text-xs text-fg-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
