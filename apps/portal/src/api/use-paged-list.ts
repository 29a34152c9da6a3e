'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type PagedListState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: T[]; nextCursor: string | null; loadingMore: boolean; moreError: string | null };

/**
 * A cursor-paged admin API list: the first page on mount and whenever `key` changes (e.g. filters),
 * then "load more" appends the next page. Answers to superseded requests are dropped.
 */
export function usePagedList<T>(key: string, fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>) {
  const [state, setState] = useState<PagedListState<T>>({ status: 'loading' });
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const mine = ++generation.current;
    setState({ status: 'loading' });
    fetchRef.current(undefined, controller.signal).then(
      (page) => mine === generation.current && setState({ status: 'ready', ...page, loadingMore: false, moreError: null }),
      (err: unknown) => {
        if (controller.signal.aborted || mine !== generation.current) return;
        setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => controller.abort();
  }, [key, reloads]);

  const stateRef = useRef(state);
  stateRef.current = state;

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (current.status !== 'ready' || !current.nextCursor || current.loadingMore) return;
    const mine = generation.current;
    setState({ ...current, loadingMore: true, moreError: null });
    fetchRef.current(current.nextCursor, new AbortController().signal).then(
      (page) => {
        if (mine !== generation.current) return;
        setState((s) => (s.status === 'ready' ? { ...s, items: [...s.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false } : s));
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setState((s) => (s.status === 'ready' ? { ...s, loadingMore: false, moreError: err instanceof Error ? err.message : String(err) } : s));
      },
    );
  }, []);

  /** Replaces one item in place (after rotate/revoke) without reloading the list. */
  const update = useCallback((match: (item: T) => boolean, next: T) => {
    setState((s) => (s.status === 'ready' ? { ...s, items: s.items.map((item) => (match(item) ? next : item)) } : s));
  }, []);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  return { state, loadMore, reload, update };
}
