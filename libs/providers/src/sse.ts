/**
 * Incremental Server-Sent Events parser: feed it raw chunks as they arrive, get complete
 * `data:` payloads back. Never buffers more than one unfinished event.
 */
export class SseDataParser {
  private pending = '';

  push(chunk: string): string[] {
    this.pending += chunk;
    const out: string[] = [];
    let boundary = this.findBoundary();
    while (boundary) {
      const rawEvent = this.pending.slice(0, boundary.index);
      this.pending = this.pending.slice(boundary.index + boundary.length);
      const data = dataOf(rawEvent);
      if (data) out.push(data);
      boundary = this.findBoundary();
    }
    return out;
  }

  /** The stream ended: the last event, if it was not terminated by a blank line. */
  flush(): string[] {
    const data = dataOf(this.pending);
    this.pending = '';
    return data ? [data] : [];
  }

  private findBoundary(): { index: number; length: number } | null {
    const match = /\r?\n\r?\n/.exec(this.pending);
    return match ? { index: match.index, length: match[0].length } : null;
  }
}

function dataOf(rawEvent: string): string {
  return rawEvent
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''))
    .join('\n');
}
