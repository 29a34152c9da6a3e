/**
 * Counts the API requests a gateway is serving (streams included) and refuses a new one beyond
 * `maxInFlight` (0 = no bound). Refusing costs a fraction of serving, so a saturated gateway keeps
 * answering the requests it took instead of every request queueing for seconds, and clients come back
 * (the OpenAI and Anthropic SDKs retry 503 and 529 with backoff).
 *
 * Event-loop utilisation was tried as a second trigger and left out: under a client that retries at
 * once, answering refusals kept the loop busy above the threshold, so it refused everything and the
 * requests it had taken starved (p99 8 s). A bound on requests in flight cannot lock itself that way.
 */
export class LoadShedder {
  private inFlight = 0;

  constructor(private readonly maxInFlight: number) {}

  get enabled(): boolean {
    return this.maxInFlight > 0;
  }

  get current(): number {
    return this.inFlight;
  }

  /** Takes a request (call `release` once when it ends), or returns false when it must be refused. */
  admit(): boolean {
    if (this.maxInFlight > 0 && this.inFlight >= this.maxInFlight) return false;
    this.inFlight += 1;
    return true;
  }

  release(): void {
    if (this.inFlight > 0) this.inFlight -= 1;
  }
}
