import type { AnthropicMessage } from '@sluice/contracts';
import { anthropicAdapter } from '../../anthropic/anthropic.adapter';
import { fixtureJson, fixtureText } from '../../testing/fixtures';
import { targetFor } from '../../testing/targets';
import { asOpenAiChatChunk, asOpenAiChatCompletion, openAiCompletionId } from './openai-chat-shape';

const anthropicDir = `${__dirname}/../../anthropic`;
const claude = targetFor('anthropic');

describe('OpenAI chat shape for answers from any provider', () => {
  it('keeps OpenAI ids and puts others behind chatcmpl-', () => {
    expect(openAiCompletionId('chatcmpl-abc')).toBe('chatcmpl-abc');
    expect(openAiCompletionId('msg_01Aq9w938a90dw8q')).toBe('chatcmpl-msg_01Aq9w938a90dw8q');
  });

  it('spells out refusal: null and logprobs: null on a Claude answer, without touching the canonical object', () => {
    const canonical = anthropicAdapter.chat.parseResponse(fixtureJson<AnthropicMessage>(anthropicDir, 'message-response.json'), claude);
    const shaped = asOpenAiChatCompletion(canonical);
    expect(shaped.id).toBe('chatcmpl-msg_01Aq9w938a90dw8q');
    expect(shaped.choices[0]).toMatchObject({ logprobs: null, message: { role: 'assistant', refusal: null } });
    expect(canonical.id).toBe('msg_01Aq9w938a90dw8q');
    expect(canonical.choices[0]).not.toHaveProperty('logprobs');
  });

  it('gives every chunk of a Claude stream the same chatcmpl- id, logprobs: null, and refusal: null in the role delta', () => {
    const translator = anthropicAdapter.chat.createStreamTranslator(claude);
    const chunks = [...translator.push(fixtureText(anthropicDir, 'stream-text-tool.sse')), ...translator.end()].map(asOpenAiChatChunk);
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U']));
    expect(chunks[0].choices[0]).toMatchObject({ delta: { role: 'assistant', content: '', refusal: null }, logprobs: null });
    expect(chunks[1].choices[0].delta).not.toHaveProperty('refusal');
    expect(chunks.flatMap((c) => c.choices).every((choice) => choice.logprobs === null)).toBe(true);
  });

  it('passes a chunk that already has OpenAI’s shape on as it is (no copy per streamed chunk)', () => {
    const fromOpenAi = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant' as const, content: '', refusal: null }, logprobs: null, finish_reason: null }] };
    expect(asOpenAiChatChunk(fromOpenAi)).toBe(fromOpenAi);
    const withoutLogprobs = { ...fromOpenAi, choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] };
    expect(asOpenAiChatChunk(withoutLogprobs)).not.toBe(withoutLogprobs);
    expect(asOpenAiChatChunk(withoutLogprobs).choices[0]).toMatchObject({ logprobs: null });
  });
});
