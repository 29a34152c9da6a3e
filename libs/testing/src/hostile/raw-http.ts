import { connect } from 'node:net';

export interface RawRequest {
  /** What the case is, for failure messages. */
  name: string;
  method: string;
  /** Sent as-is on the request line (may contain traversal or odd bytes). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The request is valid but nasty (e.g. SQL metacharacters in a prompt): 2xx is allowed too. */
  mayPass?: boolean;
  /** How long to wait for the answer (default 15 s). */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection (HTTP/1.1, `connection: close`) — no
 * client library normalises the path or refuses the header values — and reads the whole answer.
 */
export function sendRaw(origin: string, request: RawRequest, timeoutMs = request.timeoutMs ?? 15_000): Promise<RawResponse> {
  const url = new URL(origin);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  if (!Object.keys(request.headers).some((h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding')) {
    lines.push(`content-length: ${body.length}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`${request.name}: no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => {
      socket.write(head);
      // A server may answer (413, 400) and close before reading a large body: that is fine.
      socket.write(body, () => undefined);
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A server may refuse (413) and close while we are still sending: 'close' decides whether an answer arrived.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const headerEnd = raw.indexOf('\r\n\r\n');
      const head = raw.subarray(0, Math.max(headerEnd, 0)).toString('latin1');
      const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (!statusLine || headerEnd < 0) return reject(new Error(`${request.name}: no HTTP answer (${raw.subarray(0, 200).toString() || 'connection closed'})`));
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let payload: Buffer = raw.subarray(headerEnd + 4);
      if (headers['transfer-encoding']?.includes('chunked')) payload = dechunk(payload);
      resolve({ status: Number(statusLine[1]), headers, body: payload.toString('utf8') });
    });
  });
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
