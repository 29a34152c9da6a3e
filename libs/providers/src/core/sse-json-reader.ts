import { SseDataParser } from '../sse';

/** Bytes (split anywhere, even inside a UTF-8 sequence) → parsed JSON payloads of SSE `data:` lines. */
export class SseJsonReader {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser = new SseDataParser();

  push(raw: Uint8Array | string): unknown[] {
    const text = typeof raw === 'string' ? raw : this.decoder.decode(raw, { stream: true });
    return this.parse(this.parser.push(text));
  }

  end(): unknown[] {
    const rest = this.decoder.decode();
    return this.parse([...this.parser.push(rest), ...this.parser.flush()]);
  }

  private parse(payloads: string[]): unknown[] {
    const out: unknown[] = [];
    for (const data of payloads) {
      if (data === '[DONE]') continue;
      out.push(JSON.parse(data));
    }
    return out;
  }
}
