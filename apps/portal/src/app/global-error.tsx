'use client';

import './globals.css';

/** Last resort when the root layout itself fails: no shell, just a way to retry. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="grid min-h-dvh place-items-center p-6">
        <main className="flex max-w-md flex-col gap-3 text-center">
          <h1 className="text-xl font-semibold">Sluice is unavailable</h1>
          <p className="text-sm text-fg-muted">
            The portal could not start this page. Try again in a moment
            {error.digest ? (
              <>
                {' '}
                (reference <code className="font-mono">{error.digest}</code>)
              </>
            ) : null}
            .
          </p>
          <button
            type="button"
            onClick={reset}
            className="mx-auto h-10 rounded-lg bg-accent px-4 text-sm font-medium text-accent-fg hover:bg-accent-hover"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
