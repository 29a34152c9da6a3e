import type { AnthropicMessage, OpenAiChatRequest, ThinkingBlock } from '@sluice/contracts';
import { TranslationError } from '../core/errors';
import { collectStream, fixtureJson, fixtureText, translateThreeWays } from '../testing/fixtures';
import { targetFor } from '../testing/targets';
import { anthropicAdapter } from './anthropic.adapter';

const target = targetFor('anthropic', { upstreamModel: 'claude-sonnet-4-20250514' });
const recorded = fixtureJson<AnthropicMessage>(__dirname, 'message-thinking-response.json');
const [thinkingBlock, redactedBlock] = recorded.content;

async function upstreamBody(request: Partial<OpenAiChatRequest>): Promise<Record<string, unknown>> {
  const built = await anthropicAdapter.chat.buildRequest(target, { model: 'm', messages: [{ role: 'user', content: 'Weather in Paris?' }], ...request });
  return JSON.parse(built.body) as Record<string, unknown>;
}

describe('Anthropic adapter: extended thinking', () => {
  it('keeps thinking and redacted_thinking blocks whole and joins the thinking text into reasoning_content', () => {
    const parsed = anthropicAdapter.chat.parseResponse(recorded, target);
    expect(parsed.choices[0].message).toEqual({
      role: 'assistant',
      content: 'Let me look that up.',
      tool_calls: [{ id: 'toolu_01CswdEQBMshySk6Y9DFKrfq', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris, France"}' } }],
      reasoning_content: 'The user wants the weather in Paris. I should call get_weather with Paris, France.',
      thinking_blocks: [thinkingBlock, redactedBlock],
    });
    // Thinking is billed as output: output_tokens is the completion, nothing is added or taken away.
    expect(parsed.usage).toMatchObject({ prompt_tokens: 412, completion_tokens: 187 });
  });

  it('streams thinking text as reasoning_content and the signature and redacted block as thinking_blocks, across any chunk boundaries', () => {
    const bytes = new TextEncoder().encode(fixtureText(__dirname, 'stream-thinking-tool.sse'));
    const [whole, bytewise, sliced] = translateThreeWays(() => anthropicAdapter.chat.createStreamTranslator(target), bytes);
    expect(bytewise).toEqual(whole);
    expect(sliced).toEqual(whole);
    const deltas = whole.flatMap((c) => c.choices.map((ch) => ch.delta));
    expect(deltas.filter((d) => d.reasoning_content).map((d) => d.reasoning_content)).toEqual(['The user wants the weather in Paris.', ' I should call get_weather.']);
    expect(deltas.flatMap((d) => d.thinking_blocks ?? [])).toEqual([{ type: 'thinking', thinking: '', signature: (thinkingBlock as { signature: string }).signature }, redactedBlock]);
    expect(collectStream(whole)).toMatchObject({ content: 'Let me look that up.', finish: 'tool_calls', usage: { prompt_tokens: 412, completion_tokens: 187 } });
  });

  it('sends the thinking blocks of an assistant turn back first and unchanged, before its text and tool_use', async () => {
    const body = await upstreamBody({
      thinking: { type: 'enabled', budget_tokens: 2000 },
      max_tokens: 4000,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: 'Let me look that up.',
          reasoning_content: 'ignored: only the blocks are sent',
          thinking_blocks: [thinkingBlock, redactedBlock] as ThinkingBlock[],
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18 °C' },
      ],
    });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(body.max_tokens).toBe(4000);
    expect((body.messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: [thinkingBlock, redactedBlock, { type: 'text', text: 'Let me look that up.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } }],
    });
  });

  it.each([
    ['low', 1024],
    ['medium', 2048],
    ['high', 4096],
  ])('maps reasoning_effort %s to a %i-token budget, leaving the default 4096 tokens for the answer', async (effort, budget) => {
    const body = await upstreamBody({ reasoning_effort: effort });
    expect(body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: budget }, max_tokens: 4096 + budget });
  });

  it("caps an effort's budget at half the client's max_tokens, never below 1024, and turns thinking off for 'none'", async () => {
    expect(await upstreamBody({ reasoning_effort: 'high', max_tokens: 5000 })).toMatchObject({ thinking: { budget_tokens: 2500 }, max_tokens: 5000 });
    expect(await upstreamBody({ reasoning_effort: 'medium', max_completion_tokens: 1500 })).toMatchObject({ thinking: { budget_tokens: 1024 }, max_tokens: 1500 });
    const none = await upstreamBody({ reasoning_effort: 'none' });
    expect(none.thinking).toBeUndefined();
    expect(none.max_tokens).toBe(4096);
  });

  it('refuses what Claude refuses while thinking, with a 400 naming the field', async () => {
    await expect(upstreamBody({ reasoning_effort: 'low', max_tokens: 1000 })).rejects.toThrow(new TranslationError('max_tokens must be greater than 1024 to use reasoning_effort with a Claude model (thinking counts towards max_tokens); got 1000.'));
    await expect(upstreamBody({ reasoning_effort: 'low', temperature: 0.3 })).rejects.toThrow('temperature may only be 1 (or left unset) when thinking is enabled; got 0.3.');
    await expect(upstreamBody({ reasoning_effort: 'extreme' })).rejects.toThrow("reasoning_effort must be one of none, minimal, low, medium, high, xhigh; got 'extreme'.");
    await expect(upstreamBody({ thinking: { type: 'enabled', budget_tokens: 4096 }, max_tokens: 4096 })).rejects.toThrow('max_tokens (4096) must be greater than thinking.budget_tokens (4096)');
    await expect(
      upstreamBody({ reasoning_effort: 'low', tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' }),
    ).rejects.toMatchObject({ param: 'tool_choice' });
    expect(await upstreamBody({ reasoning_effort: 'low', temperature: 1 })).toMatchObject({ temperature: 1 });
  });

  it('asks for the JSON tool in words instead of forcing it while thinking (Claude refuses forced tool use then)', async () => {
    const body = await upstreamBody({ reasoning_effort: 'low', response_format: { type: 'json_schema', json_schema: { name: 'place', schema: { type: 'object' } } } });
    expect(body.tool_choice).toBeUndefined();
    expect(body.tools).toEqual([expect.objectContaining({ name: 'sluice_json_response' })]);
    expect(body.system).toBe('Give your final answer by calling the sluice_json_response tool.');
  });
});

describe('Anthropic adapter: documents and images in tool results', () => {
  const pdf = { type: 'document' as const, source: { type: 'base64' as const, media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'Q3 report', citations: { enabled: true } };

  it('passes document parts, and images and documents inside tool results, to Claude unchanged', async () => {
    const body = await upstreamBody({
      messages: [
        { role: 'user', content: [pdf, { type: 'document', source: { type: 'url', url: 'https://docs.example/a.pdf' } }, { type: 'text', text: 'Summarise.' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'screenshot', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: [{ type: 'text', text: 'Here:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }, pdf] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [pdf, { type: 'document', source: { type: 'url', url: 'https://docs.example/a.pdf' } }, { type: 'text', text: 'Summarise.' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: [{ type: 'text', text: 'Here:' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }, pdf],
          },
        ],
      },
    ]);
  });

  it("reads an OpenAI client's PDF file part as a document, and refuses other files clearly", async () => {
    const body = await upstreamBody({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK', filename: 'q3.pdf' } }] }] });
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'q3.pdf' }] }]);
    await expect(upstreamBody({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] })).rejects.toThrow(
      "Provider 'Test anthropic' (anthropic) can take a 'file' content part only as a PDF",
    );
  });
});
