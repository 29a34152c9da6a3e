import { StreamAssembler } from '@sluice/cache';
import type { OpenAiChatChunk, OpenAiChatCompletion } from '@sluice/contracts';
import type { GatewayError } from '../errors/gateway-error';
import type { ChatResponder, ServedBy } from './chat-responder';

/**
 * Passes everything on to the inner responder and keeps the whole answer: as given for JSON, and
 * rebuilt from the chunks for a stream (so a streamed answer can be cached or logged once it is
 * complete). Streams that broke off or could not be rebuilt give no completion.
 */
export class RecordingResponder implements ChatResponder {
  private readonly assembler = new StreamAssembler();
  private whole: OpenAiChatCompletion | null = null;
  private closed = false;
  private failed = false;

  constructor(private readonly inner: ChatResponder) {}

  json(completion: OpenAiChatCompletion, servedBy: ServedBy): Promise<void> {
    this.whole = completion;
    return this.inner.json(completion, servedBy);
  }

  open(servedBy: ServedBy): void {
    this.inner.open(servedBy);
  }

  chunk(chunk: OpenAiChatChunk): void {
    // Read before passing on: inner responders (guardrails) may rewrite the chunk.
    this.assembler.push(chunk);
    this.inner.chunk(chunk);
  }

  close(): void {
    this.closed = true;
    this.inner.close();
  }

  fail(error: GatewayError): void {
    this.failed = true;
    this.inner.fail(error);
  }

  /** The complete answer, or null (nothing answered yet, a broken stream, or one that could not be rebuilt). */
  get completion(): OpenAiChatCompletion | null {
    if (this.whole) return this.whole;
    if (!this.closed || this.failed) return null;
    return this.assembler.result();
  }
}
