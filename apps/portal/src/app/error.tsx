'use client';

import { useEffect } from 'react';
import { ErrorState } from '@sluice/ui';

/** Shown inside the shell when a page fails to render; the rest of the portal keeps working. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="py-10">
      <h1 className="sr-only">Error</h1>
      <ErrorState
        title="This page could not be displayed"
        description={
          <>
            Something went wrong while loading it. Try again; if it keeps happening, give your administrator this reference:{' '}
            <code className="font-mono">{error.digest ?? 'n/a'}</code>
          </>
        }
        onRetry={reset}
      />
    </div>
  );
}
