'use client';

import { useState, type ReactNode } from 'react';
import { Button, Dialog } from '@sluice/ui';
import { ProblemMessage } from './problem-message';

export interface ConfirmActionDialogProps {
  open: boolean;
  title: string;
  description: ReactNode;
  /** The danger button's label, e.g. "Revoke token". */
  confirmLabel: string;
  /** Runs the action; a rejection is shown in the dialog (the admin API's explanation), success is the caller's to handle. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** "Are you sure?" for a destructive action: Cancel, a danger button that shows progress, and the refusal if there is one. */
export function ConfirmActionDialog({ open, title, description, confirmLabel, onConfirm, onClose }: ConfirmActionDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} loading={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <ProblemMessage error={error} />
    </Dialog>
  );
}
