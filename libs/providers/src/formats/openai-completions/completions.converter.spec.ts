import { completionsRequestSchema, type OpenAiChatCompletion } from '@sluice/contracts';
import { TranslationError } from '../../core/errors';
import { canonicalChunkToTextCompletion, canonicalToTextCompletion, completionsToCanonicalRequest } from './completions.converter';

describe('legacy completions format', () => {
  it('turns a prompt into one user message and keeps sampling parameters', () => {
    const request = completionsRequestSchema.parse({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7, temperature: 0, stop: '\n', stream: true });
    expect(completionsToCanonicalRequest(request)).toEqual({
      model: 'gpt-3.5-turbo-instruct',
      messages: [{ role: 'user', content: 'Say this is a test' }],
      max_tokens: 7,
      temperature: 0,
      stop: '\n',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('refuses batch prompts and echo', () => {
    expect(() => completionsToCanonicalRequest(completionsRequestSchema.parse({ model: 'm', prompt: ['a', 'b'] }))).toThrow(TranslationError);
    expect(() => completionsToCanonicalRequest(completionsRequestSchema.parse({ model: 'm', prompt: 'a', echo: true }))).toThrow("'echo'");
  });

  it('turns chat completions and chunks into text_completion objects', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 };
    expect(
      canonicalToTextCompletion({
        id: 'chatcmpl-abc',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'This is indeed a test' }, finish_reason: 'length' }],
        usage,
      }),
    ).toEqual({ id: 'cmpl-abc', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'This is indeed a test', logprobs: null, finish_reason: 'length' }], usage });
    expect(canonicalChunkToTextCompletion({ id: 'chatcmpl-abc', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'This' }, finish_reason: null }] })).toEqual({
      id: 'cmpl-abc',
      object: 'text_completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, text: 'This', logprobs: null, finish_reason: null }],
    });
  });

  it("gives every answer a cmpl- id, another upstream's id (Claude's msg_…) behind the prefix", () => {
    const fromClaude: OpenAiChatCompletion = { id: 'msg_01abc', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: 'stop' }] };
    expect(canonicalToTextCompletion(fromClaude).id).toBe('cmpl-msg_01abc');
    expect(canonicalChunkToTextCompletion({ id: 'msg_01abc', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [] }).id).toBe('cmpl-msg_01abc');
    expect(canonicalToTextCompletion({ ...fromClaude, id: 'cmpl-already' }).id).toBe('cmpl-already');
  });
});
