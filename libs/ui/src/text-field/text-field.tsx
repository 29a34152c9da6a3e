'use client';

import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx, focusRing } from '../lib/cx';

export interface TextFieldProps extends Omit<ComponentPropsWithRef<'input'>, 'id'> {
  label: ReactNode;
  /** Help shown under the field; read after the label by screen readers. */
  hint?: ReactNode;
  /** Validation message; marks the field invalid and is announced with it. */
  error?: ReactNode;
  id?: string;
}

export function TextField({ label, hint, error, id, className, 'aria-describedby': describedBy, ...input }: TextFieldProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedByIds = [describedBy, hintId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={cx('flex flex-col gap-1.5', className)}>
      <label htmlFor={inputId} className="text-sm font-medium text-fg">
        {label}
        {input.required && (
          <span aria-hidden="true" className="ml-0.5 text-danger">
            *
          </span>
        )}
      </label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByIds}
        className={cx(
          'h-10 rounded-lg border bg-surface px-3 text-sm text-fg placeholder:text-fg-muted',
          'disabled:cursor-not-allowed disabled:opacity-60',
          error ? 'border-danger' : 'border-border',
          focusRing,
        )}
        {...input}
      />
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
