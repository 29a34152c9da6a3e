'use client';

import { useState } from 'react';
import { Button } from '../button/button';
import { cx, focusRing } from '../lib/cx';

export interface CodeSample {
  id: string;
  /** Tab label, e.g. "curl". */
  label: string;
  code: string;
}

export interface CodeBlockProps {
  /** Accessible name of the tab list, e.g. "Call the gateway". */
  label: string;
  samples: readonly CodeSample[];
  /** Optional copy action; receives the visible sample's code. */
  onCopy?: (code: string) => void | Promise<void>;
  className?: string;
}

/** Code samples in tabs (arrow keys move between tabs, as in the WAI-ARIA tabs pattern), each copyable. */
export function CodeBlock({ label, samples, onCopy, className }: CodeBlockProps) {
  const [selected, setSelected] = useState(0);
  const [copied, setCopied] = useState(false);
  const current = samples[selected];
  const tabId = (i: number) => `code-tab-${samples[i].id}`;
  const panelId = `code-panel-${current.id}`;

  const move = (delta: number) => {
    const next = (selected + delta + samples.length) % samples.length;
    setSelected(next);
    setCopied(false);
    document.getElementById(tabId(next))?.focus();
  };

  return (
    <div className={cx('overflow-hidden rounded-lg border border-border', className)}>
      <div className="flex items-center justify-between gap-2 border-b border-border bg-surface-muted px-2">
        <div role="tablist" aria-label={label} className="flex">
          {samples.map((sample, i) => (
            <button
              key={sample.id}
              id={tabId(i)}
              type="button"
              role="tab"
              aria-selected={i === selected}
              aria-controls={panelId}
              tabIndex={i === selected ? 0 : -1}
              onClick={() => {
                setSelected(i);
                setCopied(false);
              }}
              onKeyDown={(event) => {
                if (event.key === 'ArrowRight') move(1);
                else if (event.key === 'ArrowLeft') move(-1);
              }}
              className={cx(
                'border-b-2 px-3 py-2 text-xs font-medium',
                i === selected ? 'border-accent text-fg' : 'border-transparent text-fg-muted hover:text-fg',
                focusRing,
              )}
            >
              {sample.label}
            </button>
          ))}
        </div>
        {onCopy && (
          <Button
            variant="ghost"
            size="sm"
            onClick={async () => {
              await onCopy(current.code);
              setCopied(true);
            }}
          >
            <span aria-live="polite">{copied ? 'Copied' : 'Copy code'}</span>
          </Button>
        )}
      </div>
      <pre
        id={panelId}
        role="tabpanel"
        aria-labelledby={tabId(selected)}
        tabIndex={0}
        className={cx('overflow-x-auto bg-surface-muted/40 p-4 font-mono text-xs leading-relaxed text-fg', focusRing)}
      >
        <code>{current.code}</code>
      </pre>
    </div>
  );
}
