import { randomUUID } from 'node:crypto';
import { sseEvent, type SseEvent } from '../http/sse';
import { splitIntoChunks } from '../text/reply';
import type { ResponsesPlan, ResponsesRequest } from './responses-plan';

const hexId = () => randomUUID().replace(/-/g, '');

type OutputItem = Record<string, unknown> & { type: string; id: string };

/** Builds the `response` object and its output items, with ids fixed once per request. */
export class ResponseBuilder {
  readonly id = `resp_${hexId()}`;
  readonly createdAt = Math.floor(Date.now() / 1000);
  readonly items: OutputItem[];

  constructor(
    private readonly request: ResponsesRequest,
    private readonly plan: ResponsesPlan,
  ) {
    this.items = plan.text
      ? [
          {
            type: 'message',
            id: `msg_${hexId()}`,
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text: plan.text.text, annotations: [], logprobs: [] }],
          },
        ]
      : plan.toolCalls.map((call) => ({
          type: 'function_call',
          id: `fc_${hexId()}`,
          call_id: call.id,
          name: call.name,
          arguments: call.arguments,
          status: 'completed',
        }));
  }

  get incomplete(): boolean {
    return this.plan.text?.finish === 'length';
  }

  usage() {
    const { inputTokens, outputTokens } = this.plan;
    return {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    };
  }

  /** The `response` object; `final` false gives the in-progress shape sent in response.created. */
  response(final: boolean) {
    const r = this.request;
    const status = !final ? 'in_progress' : this.incomplete ? 'incomplete' : 'completed';
    return {
      id: this.id,
      object: 'response',
      created_at: this.createdAt,
      status,
      error: null,
      incomplete_details: final && this.incomplete ? { reason: 'max_output_tokens' } : null,
      instructions: r.instructions ?? null,
      max_output_tokens: r.max_output_tokens ?? null,
      model: r.model,
      output: final ? this.items : [],
      parallel_tool_calls: r.parallel_tool_calls ?? true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: true,
      temperature: 1,
      text: { format: r.text?.format ?? { type: 'text' } },
      tool_choice: r.tool_choice ?? 'auto',
      tools: r.tools ?? [],
      top_p: 1,
      truncation: 'disabled',
      usage: final ? this.usage() : null,
      user: null,
      metadata: {},
    };
  }

  /** The Responses streaming events, each carrying a sequence_number, in the order OpenAI sends them. */
  *events(): Generator<SseEvent> {
    let sequence = 0;
    const emit = (type: string, fields: Record<string, unknown>) => sseEvent({ type, sequence_number: sequence++, ...fields }, type);
    yield emit('response.created', { response: this.response(false) });
    yield emit('response.in_progress', { response: this.response(false) });
    for (const [outputIndex, item] of this.items.entries()) {
      if (item.type === 'message') yield* this.messageEvents(item, outputIndex, emit);
      else yield* this.functionCallEvents(item, outputIndex, emit);
    }
    yield emit(this.incomplete ? 'response.incomplete' : 'response.completed', { response: this.response(true) });
  }

  private *messageEvents(item: OutputItem, outputIndex: number, emit: (type: string, fields: Record<string, unknown>) => SseEvent) {
    const text = this.plan.text?.text ?? '';
    const itemId = item.id;
    yield emit('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
    const emptyPart = { type: 'output_text', text: '', annotations: [], logprobs: [] };
    yield emit('response.content_part.added', { item_id: itemId, output_index: outputIndex, content_index: 0, part: emptyPart });
    for (const delta of splitIntoChunks(text)) {
      yield emit('response.output_text.delta', { item_id: itemId, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
    }
    yield emit('response.output_text.done', { item_id: itemId, output_index: outputIndex, content_index: 0, text, logprobs: [] });
    yield emit('response.content_part.done', { item_id: itemId, output_index: outputIndex, content_index: 0, part: { ...emptyPart, text } });
    yield emit('response.output_item.done', { output_index: outputIndex, item });
  }

  private *functionCallEvents(item: OutputItem, outputIndex: number, emit: (type: string, fields: Record<string, unknown>) => SseEvent) {
    const args = String(item.arguments);
    yield emit('response.output_item.added', { output_index: outputIndex, item: { ...item, arguments: '', status: 'in_progress' } });
    for (const delta of splitIntoChunks(args)) {
      yield emit('response.function_call_arguments.delta', { item_id: item.id, output_index: outputIndex, delta });
    }
    yield emit('response.function_call_arguments.done', { item_id: item.id, output_index: outputIndex, name: item.name, arguments: args });
    yield emit('response.output_item.done', { output_index: outputIndex, item });
  }
}
