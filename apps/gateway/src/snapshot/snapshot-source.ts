import type { ConfigSnapshot } from '@sluice/contracts';

/** Where snapshots come from (Postgres today; a YAML file in standalone mode later). */
export interface SnapshotSource {
  load(): Promise<ConfigSnapshot>;
  /** The current config version, cheaper than a full load; used by the slow poll. */
  version(): Promise<number>;
  close(): Promise<void>;
}

export const SNAPSHOT_SOURCE = Symbol('SNAPSHOT_SOURCE');
