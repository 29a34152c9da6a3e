'use client';

import type { ReactNode } from 'react';
import { Button, Dialog } from '@sluice/ui';
import { CopyButton } from '../overview/copy-button';

export interface OneTimeSecretDialogProps {
  /** Nothing is rendered without a secret. */
  secret: string | null;
  title: string;
  /** What the secret is, for its label and copy button, e.g. "SCIM token". */
  secretLabel: string;
  onClose: () => void;
  /** Where to use it (URLs, headers…), shown under the secret. */
  children?: ReactNode;
}

/** The one time a token or signing secret is visible: Sluice keeps only a hash (or a sealed copy it never returns). */
export function OneTimeSecretDialog({ secret, title, secretLabel, onClose, children }: OneTimeSecretDialogProps) {
  if (!secret) return null;
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={title}
      description={`Copy the ${secretLabel.toLowerCase()} now and store it somewhere safe: Sluice cannot show it again.`}
      footer={<Button onClick={onClose}>I have stored it</Button>}
    >
      <div className="flex flex-col gap-5">
        <div className="flex flex-col gap-1.5">
          <span id="one-time-secret-label" className="text-sm font-medium text-fg">
            {secretLabel}
          </span>
          <div className="flex items-center gap-2">
            <code
              aria-labelledby="one-time-secret-label"
              data-testid="one-time-secret"
              className="min-w-0 flex-1 rounded-lg border border-border bg-surface-muted px-3 py-2 font-mono text-sm break-all text-fg"
            >
              {secret}
            </code>
            <CopyButton text={secret} label={`Copy ${secretLabel.toLowerCase()}`} />
          </div>
        </div>
        {children}
      </div>
    </Dialog>
  );
}
