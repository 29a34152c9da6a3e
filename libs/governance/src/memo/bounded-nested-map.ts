/**
 * A two-level map (outer key → inner key → value) holding at most `capacity` values; when full it
 * starts over rather than tracking what is least used. Two levels, so a lookup by two strings on the
 * hot path builds no combined key.
 */
export class BoundedNestedMap<V> {
  private readonly outer = new Map<string, Map<string, V>>();
  private count = 0;

  constructor(private readonly capacity: number) {}

  get(outerKey: string, innerKey: string): V | undefined {
    return this.outer.get(outerKey)?.get(innerKey);
  }

  set(outerKey: string, innerKey: string, value: V): void {
    if (this.count >= this.capacity) {
      this.outer.clear();
      this.count = 0;
    }
    let inner = this.outer.get(outerKey);
    if (!inner) this.outer.set(outerKey, (inner = new Map()));
    if (!inner.has(innerKey)) this.count++;
    inner.set(innerKey, value);
  }

  get size(): number {
    return this.count;
  }
}
