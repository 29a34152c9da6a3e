import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/**
 * AWS event-stream framing (`application/vnd.amazon.eventstream`): bytes split anywhere → whole
 * messages. The prelude's total length delimits a message; the smithy codec verifies both CRCs
 * and decodes the headers.
 */
export class EventStreamReader {
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);
  private buffer = new Uint8Array(0);

  push(raw: Uint8Array | string): Message[] {
    const bytes = typeof raw === 'string' ? fromUtf8(raw) : raw;
    const joined = new Uint8Array(this.buffer.length + bytes.length);
    joined.set(this.buffer);
    joined.set(bytes, this.buffer.length);
    this.buffer = joined;
    const out: Message[] = [];
    while (this.buffer.length >= 4) {
      const total = new DataView(this.buffer.buffer, this.buffer.byteOffset, 4).getUint32(0, false);
      if (this.buffer.length < total) break;
      out.push(this.codec.decode(this.buffer.subarray(0, total)));
      this.buffer = this.buffer.subarray(total);
    }
    return out;
  }

  /** Bytes of an unfinished message left when the stream ended. */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

export function headerString(message: Message, name: string): string | undefined {
  const header = message.headers[name];
  return header && header.type === 'string' ? header.value : undefined;
}
