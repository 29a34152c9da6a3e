import { CompiledSnapshot } from './compiled-snapshot';

export type SnapshotListener = (snapshot: CompiledSnapshot) => void;

/**
 * Holds the snapshot the gateway serves from. Swapping is a single reference assignment, so a
 * request that already read `current` finishes on the old snapshot.
 */
export class SnapshotStore {
  private snapshot = CompiledSnapshot.empty();
  private loaded = false;
  private readonly listeners: SnapshotListener[] = [];

  get current(): CompiledSnapshot {
    return this.snapshot;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Called with every snapshot installed from now on. */
  onChange(listener: SnapshotListener): void {
    this.listeners.push(listener);
  }

  /** Installs a newer snapshot; an older or equal version is ignored. Returns whether it was applied. */
  replace(next: CompiledSnapshot): boolean {
    if (this.loaded && next.version < this.snapshot.version) return false;
    this.snapshot = next;
    this.loaded = true;
    for (const listener of this.listeners) listener(next);
    return true;
  }
}
