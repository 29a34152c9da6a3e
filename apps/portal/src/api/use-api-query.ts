'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

export type QueryState<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

/**
 * Loads once per `key` (e.g. the serialized filters); an answer to an older key is dropped.
 * `reload()` refetches the same key without going back to 'loading': the data on screen stays
 * (and so do forms rendered from it, with their confirmation messages) until the new answer replaces it.
 */
export function useApiQuery<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): { state: QueryState<T>; reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const loadedKey = useRef<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    if (loadedKey.current !== key) setState({ status: 'loading' });
    fetcherRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        loadedKey.current = key;
        setState({ status: 'ready', data });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        loadedKey.current = null;
        setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => controller.abort();
  }, [key, reloads]);

  return { state, reload: useCallback(() => setReloads((n) => n + 1), []) };
}
