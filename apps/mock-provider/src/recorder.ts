import type { IncomingHttpHeaders } from 'node:http';

export const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'proxy-authorization', 'cookie', 'x-amz-security-token']);

export interface RecordedRequest {
  id: string;
  receivedAt: string;
  method: string;
  /** Path and query, with a `key=` query parameter redacted. */
  url: string;
  /** Request headers; credential values replaced by "[redacted]". */
  headers: Record<string, string | string[]>;
  /** Parsed JSON body, or null when the body was absent or not JSON. */
  body: unknown;
}

/** Keeps the last `capacity` upstream requests so tests can assert what the gateway sent. */
export class RequestRecorder {
  private readonly entries: RecordedRequest[] = [];

  constructor(private readonly capacity: number) {}

  record(entry: Omit<RecordedRequest, 'headers' | 'url' | 'body'> & { url: string; headers: IncomingHttpHeaders }): RecordedRequest {
    const recorded: RecordedRequest = { ...entry, url: redactQueryKey(entry.url), headers: redactHeaders(entry.headers), body: null };
    this.entries.push(recorded);
    if (this.entries.length > this.capacity) this.entries.shift();
    return recorded;
  }

  /** Oldest first. */
  list(): RecordedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function redactHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = SECRET_HEADERS.has(name) ? REDACTED : value;
  }
  return result;
}

function redactQueryKey(url: string): string {
  return url.replace(/([?&]key=)[^&]*/g, `$1${REDACTED}`);
}
