'use client';

import { Button, CodeBlock, Dialog } from '@sluice/ui';
import { formatDateTime } from '../../format/dates';
import { useSession } from '../../session/session-context';
import { CopyButton } from '../overview/copy-button';
import type { ApiKeyWithSecret } from './api-key-schemas';
import { keySnippets } from './key-snippets';

/** The one time a secret is visible: copy it now, with snippets that already use it. */
export function SecretDialog({ created, rotated, onClose }: { created: ApiKeyWithSecret | null; rotated: boolean; onClose: () => void }) {
  const { gatewayBaseUrl } = useSession();
  if (!created) return null;
  const { key, secret } = created;

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={rotated ? `New secret for “${key.name}”` : `Key “${key.name}” created`}
      description="Copy the secret now and store it somewhere safe: Sluice keeps only a hash and cannot show it again."
      footer={<Button onClick={onClose}>I have stored the secret</Button>}
    >
      <div className="flex flex-col gap-5">
        {rotated && (
          <p className="text-sm text-fg">
            {key.previousSecretExpiresAt
              ? `The previous secret keeps working until ${formatDateTime(key.previousSecretExpiresAt)}. Update every app that uses it before then.`
              : 'The previous secret no longer works. Update every app that used it.'}
          </p>
        )}
        <div className="flex flex-col gap-1.5">
          <span id="secret-label" className="text-sm font-medium text-fg">
            Secret
          </span>
          <div className="flex items-center gap-2">
            <code
              aria-labelledby="secret-label"
              data-testid="api-key-secret"
              className="min-w-0 flex-1 overflow-x-auto rounded-lg border border-border bg-surface-muted px-3 py-2 font-mono text-sm whitespace-nowrap text-fg"
            >
              {secret}
            </code>
            <CopyButton text={secret} label="Copy secret" />
          </div>
        </div>
        <div className="flex flex-col gap-1.5">
          <span className="text-sm font-medium text-fg">Call the gateway</span>
          <CodeBlock
            label="Call the gateway with this key"
            samples={keySnippets(gatewayBaseUrl, secret, key.allowedModels[0])}
            onCopy={(code) => navigator.clipboard.writeText(code).catch(() => undefined)}
          />
        </div>
      </div>
    </Dialog>
  );
}
