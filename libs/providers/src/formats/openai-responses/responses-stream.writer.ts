import type {
  ChatUsage,
  OpenAiChatChunk,
  OpenAiFinishReason,
  ResponsesError,
  ResponsesFunctionCallItem,
  ResponsesMessageItem,
  ResponsesOutputItem,
  ResponsesReasoningItem,
  ResponsesRequestEcho,
  ResponsesResponse,
  ResponsesStreamEvent,
  ThinkingBlock,
} from '@sluice/contracts';
import { newId, nowSeconds } from '../../core/canonical';
import { responseId, responsesUsageOf, statusOf } from './canonical-response.to-responses';
import { thinkingCarrierOf } from './reasoning-carrier';
import { DEFAULT_RESPONSES_ECHO, responsesServiceTierOf } from './response-echo';

type Event = ResponsesStreamEvent;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Emit = DistributiveOmit<Event, 'sequence_number'>;

/** One Responses stream event as SSE text. */
export function formatResponsesSse(event: ResponsesStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Canonical chunks → Responses API stream events: response.created/in_progress, then per output
 * item output_item.added → (reasoning_summary_part.added → reasoning_summary_text.delta… → .done →
 * reasoning_summary_part.done | content_part.added → output_text.delta… → output_text.done →
 * content_part.done | function_call_arguments.delta… → .done) → output_item.done, then
 * response.completed (or response.incomplete) with usage — or response.failed from {@link fail}.
 */
export class ResponsesStreamWriter {
  private sequence = 0;
  private started = false;
  private readonly output: ResponsesOutputItem[] = [];
  private open: { item: ResponsesOutputItem; index: number } | null = null;
  private readonly toolItems = new Map<number, number>();
  private finish: OpenAiFinishReason | null = null;
  private usage: ChatUsage | null = null;
  private serviceTier: string | null = null;
  private id = '';
  private createdAt = 0;

  constructor(
    private readonly model: string,
    private readonly echo: ResponsesRequestEcho = DEFAULT_RESPONSES_ECHO,
  ) {}

  push(chunk: OpenAiChatChunk): ResponsesStreamEvent[] {
    const out = this.start(responseId(chunk.id), chunk.created);
    if (chunk.usage) this.usage = chunk.usage;
    this.serviceTier = responsesServiceTierOf(chunk) ?? this.serviceTier;
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return out;
    if (choice.delta.reasoning_content) out.push(...this.reasoningText(choice.delta.reasoning_content));
    for (const block of choice.delta.thinking_blocks ?? []) out.push(...this.thinkingBlock(block));
    if (choice.delta.content) out.push(...this.text(choice.delta.content));
    for (const call of choice.delta.tool_calls ?? []) {
      if (call.id && call.function?.name) {
        out.push(...this.close());
        const item: ResponsesFunctionCallItem = { type: 'function_call', id: newId('fc_'), call_id: call.id, name: call.function.name, arguments: '', status: 'in_progress' };
        this.openItem(item);
        this.toolItems.set(call.index, this.open!.index);
        out.push(this.emit({ type: 'response.output_item.added', output_index: this.open!.index, item: { ...item } }));
      }
      const index = this.toolItems.get(call.index);
      const item = index === undefined ? undefined : this.output[index];
      if (item?.type === 'function_call' && call.function?.arguments) {
        item.arguments += call.function.arguments;
        out.push(this.emit({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: index!, delta: call.function.arguments }));
      }
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  end(): ResponsesStreamEvent[] {
    const out = this.close();
    const final = this.snapshot(statusOf(this.finish).status);
    out.push(this.emit({ type: final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response: final }));
    return out;
  }

  /**
   * The stream broke: `response.failed` with what was produced so far (an unfinished item is
   * `incomplete`) and the error. A stream that never started gets its response.created first, as
   * clients (the openai SDK's stream helper) expect.
   */
  fail(error: ResponsesError): ResponsesStreamEvent[] {
    const out = this.start(newId('resp_'), nowSeconds());
    if (this.open) {
      this.open.item.status = 'incomplete';
      this.open = null;
    }
    out.push(this.emit({ type: 'response.failed', response: { ...this.snapshot('failed'), incomplete_details: null, error } }));
    return out;
  }

  private start(id: string, createdAt: number): ResponsesStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    this.id = id;
    this.createdAt = createdAt;
    return [this.emit({ type: 'response.created', response: this.snapshot('in_progress') }), this.emit({ type: 'response.in_progress', response: this.snapshot('in_progress') })];
  }

  private reasoningText(delta: string): ResponsesStreamEvent[] {
    const out: ResponsesStreamEvent[] = [];
    if (this.open?.item.type !== 'reasoning') out.push(...this.openReasoning());
    const { item, index } = this.open!;
    if (item.type !== 'reasoning') return out;
    if (!item.summary.length) {
      item.summary.push({ type: 'summary_text', text: '' });
      out.push(this.emit({ type: 'response.reasoning_summary_part.added', item_id: item.id, output_index: index, summary_index: 0, part: { type: 'summary_text', text: '' } }));
    }
    item.summary[0].text += delta;
    out.push(this.emit({ type: 'response.reasoning_summary_text.delta', item_id: item.id, output_index: index, summary_index: 0, delta }));
    return out;
  }

  /** A thinking block's end (its signature) closes the reasoning item; a redacted block is an item of its own. */
  private thinkingBlock(block: ThinkingBlock): ResponsesStreamEvent[] {
    const out: ResponsesStreamEvent[] = [];
    if (block.type === 'redacted_thinking' || this.open?.item.type !== 'reasoning') out.push(...this.openReasoning());
    const item = this.open!.item as ResponsesReasoningItem;
    const text = item.summary[0]?.text ?? '';
    item.encrypted_content = thinkingCarrierOf(block.type === 'thinking' ? { ...block, thinking: text } : block);
    out.push(...this.close());
    return out;
  }

  private openReasoning(): ResponsesStreamEvent[] {
    const out = this.close();
    const item: ResponsesReasoningItem = { type: 'reasoning', id: newId('rs_'), summary: [], encrypted_content: null, status: 'in_progress' };
    this.openItem(item);
    out.push(this.emit({ type: 'response.output_item.added', output_index: this.open!.index, item: structuredClone(item) }));
    return out;
  }

  private text(delta: string): ResponsesStreamEvent[] {
    const out: ResponsesStreamEvent[] = [];
    if (this.open?.item.type !== 'message') {
      out.push(...this.close());
      const item: ResponsesMessageItem = { type: 'message', id: newId('msg_'), status: 'in_progress', role: 'assistant', content: [] };
      this.openItem(item);
      out.push(this.emit({ type: 'response.output_item.added', output_index: this.open!.index, item: { ...item, content: [] } }));
      item.content.push({ type: 'output_text', text: '', annotations: [] });
      out.push(this.emit({ type: 'response.content_part.added', item_id: item.id, output_index: this.open!.index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
    }
    const { item, index } = this.open!;
    if (item.type === 'message') item.content[0].text += delta;
    out.push(this.emit({ type: 'response.output_text.delta', item_id: item.id, output_index: index, content_index: 0, delta }));
    return out;
  }

  private openItem(item: ResponsesOutputItem): void {
    this.output.push(item);
    this.open = { item, index: this.output.length - 1 };
  }

  private close(): ResponsesStreamEvent[] {
    if (!this.open) return [];
    const { item, index } = this.open;
    this.open = null;
    item.status = 'completed';
    const out: ResponsesStreamEvent[] = [];
    if (item.type === 'message') {
      const part = item.content[0];
      out.push(this.emit({ type: 'response.output_text.done', item_id: item.id, output_index: index, content_index: 0, text: part.text }));
      out.push(this.emit({ type: 'response.content_part.done', item_id: item.id, output_index: index, content_index: 0, part: { ...part } }));
    } else if (item.type === 'reasoning') {
      const part = item.summary[0];
      if (part) {
        out.push(this.emit({ type: 'response.reasoning_summary_text.done', item_id: item.id, output_index: index, summary_index: 0, text: part.text }));
        out.push(this.emit({ type: 'response.reasoning_summary_part.done', item_id: item.id, output_index: index, summary_index: 0, part: { ...part } }));
      }
    } else {
      out.push(this.emit({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: index, arguments: item.arguments }));
    }
    out.push(this.emit({ type: 'response.output_item.done', output_index: index, item: structuredClone(item) }));
    return out;
  }

  private snapshot(status: ResponsesResponse['status']): ResponsesResponse {
    const done = status !== 'in_progress';
    const text = this.output.flatMap((i) => (i.type === 'message' ? i.content.map((c) => c.text) : [])).join('');
    return {
      id: this.id,
      object: 'response',
      created_at: this.createdAt,
      status,
      incomplete_details: done ? statusOf(this.finish).incomplete_details : null,
      model: this.model,
      output: done ? structuredClone(this.output) : [],
      ...(done ? { output_text: text } : {}),
      ...this.echo,
      service_tier: this.serviceTier ?? this.echo.service_tier,
      usage: done ? responsesUsageOf(this.usage) : null,
      error: null,
    };
  }

  private emit(event: Emit): ResponsesStreamEvent {
    return { ...event, sequence_number: this.sequence++ } as ResponsesStreamEvent;
  }
}
