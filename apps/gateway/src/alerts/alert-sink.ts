import type { AlertEvent } from '@sluice/contracts';

/** Where the gateway raises alert events: the alerts queue, or the log when there is no Redis. Never throws, never waits. */
export interface AlertSink {
  raise(event: AlertEvent): void;
  close(): Promise<void>;
}

export const ALERT_SINK = Symbol('ALERT_SINK');
