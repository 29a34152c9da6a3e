'use client';

import type { RequestStats } from '@sluice/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchRequestStats } from './fetch-request-stats';

export type RequestStatsState =
  | { status: 'loading' }
  | { status: 'ready'; stats: RequestStats }
  | { status: 'error'; message: string };

export const REFRESH_INTERVAL_MS = 3_000;

/**
 * Keeps the request stats fresh: every 3 s while the tab is visible, and at once when the window
 * regains focus. Polls are chained, never overlapping, so a slow admin API is not piled on.
 * Unmounting aborts the request in flight and stops polling.
 */
export function useRequestStats(intervalMs = REFRESH_INTERVAL_MS): { state: RequestStatsState; refresh: () => void } {
  const [state, setState] = useState<RequestStatsState>({ status: 'loading' });
  const inFlight = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    // A request already on its way will answer this trigger too; aborting it would only waste it.
    if (inFlight.current) return;
    clearTimeout(timer.current);
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const stats = await fetchRequestStats(controller.signal);
      setState({ status: 'ready', stats });
    } catch (err) {
      if (controller.signal.aborted) return;
      setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
    timer.current = setTimeout(() => {
      if (document.visibilityState === 'visible') void load();
    }, intervalMs);
  }, [intervalMs]);

  useEffect(() => {
    void load();
    const onFocus = () => void load();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
      clearTimeout(timer.current);
      inFlight.current?.abort();
      inFlight.current = null;
    };
  }, [load]);

  const refresh = useCallback(() => {
    setState({ status: 'loading' });
    void load();
  }, [load]);

  return { state, refresh };
}
