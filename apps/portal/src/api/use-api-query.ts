'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

export type QueryState<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

/** Loads once per `key` (e.g. the serialized filters); an answer to an older key is dropped. */
export function useApiQuery<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): { state: QueryState<T>; reload: () => void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    fetcherRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ status: 'ready', data }),
      (err: unknown) => !controller.signal.aborted && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => controller.abort();
  }, [key, reloads]);

  return { state, reload: useCallback(() => setReloads((n) => n + 1), []) };
}
