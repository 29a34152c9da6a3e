export interface MemoryExactCacheOptions {
  /** Most entries kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
  /** Most bytes of encoded entries kept (keys and values, UTF-16 estimate). Default 64 MiB. */
  maxBytes?: number;
  clock?: () => number;
}

interface Slot {
  value: string;
  expiresAt: number;
  bytes: number;
}

/**
 * The exact cache of a standalone gateway without Redis: encoded entries (the same strings Redis
 * would hold) in a bounded LRU map with a TTL per entry. Lives and dies with the process.
 */
export class MemoryExactCache {
  private readonly slots = new Map<string, Slot>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly clock: () => number;

  constructor(options: MemoryExactCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.clock = options.clock ?? Date.now;
  }

  get(key: string): string | null {
    const slot = this.slots.get(key);
    if (!slot) return null;
    if (slot.expiresAt <= this.clock()) {
      this.remove(key, slot);
      return null;
    }
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  set(key: string, value: string, ttlMs: number): void {
    const existing = this.slots.get(key);
    if (existing) this.remove(key, existing);
    const bytes = (key.length + value.length) * 2;
    if (bytes > this.maxBytes) return;
    this.slots.set(key, { value, expiresAt: this.clock() + ttlMs, bytes });
    this.bytes += bytes;
    for (const [oldest, slot] of this.slots) {
      if (this.slots.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(oldest, slot);
    }
  }

  get size(): number {
    return this.slots.size;
  }

  private remove(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.bytes -= slot.bytes;
  }
}
