export interface WaitForOptions {
  /** Give up (and throw) after this long. */
  timeoutMs?: number;
  /** Pause between probes. */
  intervalMs?: number;
  /** Named in the error when the condition is not met. */
  what?: string;
}

/** Polls `probe` until it returns a truthy value, and returns it; throws after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, options: WaitForOptions = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
