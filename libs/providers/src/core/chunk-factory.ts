import type { ChatUsage, OpenAiChatChunk, OpenAiFinishReason, OpenAiToolCallDelta } from '@sluice/contracts';

type ChunkChoice = OpenAiChatChunk['choices'][number];
type Delta = ChunkChoice['delta'];

/** Builds canonical stream chunks that share one id, model and creation time. */
export class ChunkFactory {
  id: string;
  model: string;
  readonly created = Math.floor(Date.now() / 1000);

  constructor(id: string, model: string) {
    this.id = id;
    this.model = model;
  }

  delta(delta: Delta, index = 0): OpenAiChatChunk {
    return this.chunk([{ index, delta, finish_reason: null }]);
  }

  /** The first chunk (the role); `promptUsage`: what the provider counted when its stream started. */
  start(promptUsage?: ChatUsage): OpenAiChatChunk {
    const chunk = this.delta({ role: 'assistant', content: '' });
    if (promptUsage) chunk.prompt_usage = promptUsage;
    return chunk;
  }

  text(content: string, index = 0): OpenAiChatChunk {
    return this.delta({ content }, index);
  }

  toolCall(call: OpenAiToolCallDelta, index = 0): OpenAiChatChunk {
    return this.delta({ tool_calls: [call] }, index);
  }

  /** `extra`: what else the provider said about the end, e.g. the matched `stop_reason`. */
  finish(reason: OpenAiFinishReason, index = 0, extra: Pick<ChunkChoice, 'stop_reason'> = {}): OpenAiChatChunk {
    return this.chunk([{ index, delta: {}, finish_reason: reason, ...extra }]);
  }

  usage(usage: ChatUsage): OpenAiChatChunk {
    return { ...this.chunk([]), usage };
  }

  private chunk(choices: OpenAiChatChunk['choices']): OpenAiChatChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices };
  }
}
