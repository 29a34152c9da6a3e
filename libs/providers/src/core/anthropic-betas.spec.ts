import type { BedrockConverseRequest, OpenAiChatRequest } from '@sluice/contracts';
import { anthropicAdapter } from '../anthropic/anthropic.adapter';
import { createBedrockAdapter } from '../bedrock/bedrock.adapter';
import { openAiAdapter } from '../openai/openai.adapter';
import { targetFor } from '../testing/targets';
import { TranslationError } from './errors';
import { forwardedAnthropicBetas, parseAnthropicBetas } from './anthropic-betas';

const INTERLEAVED = 'interleaved-thinking-2025-05-14';
const request = (extra: Partial<OpenAiChatRequest> = {}): OpenAiChatRequest => ({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('anthropic-beta forwarding', () => {
  it('parses comma lists and repeated headers, trimmed and without duplicates', () => {
    expect(parseAnthropicBetas(' a-1, b-2 ,a-1')).toEqual(['a-1', 'b-2']);
    expect(parseAnthropicBetas(['a-1', 'c-3'])).toEqual(['a-1', 'c-3']);
    expect(parseAnthropicBetas(undefined)).toEqual([]);
  });

  it('forwards the allow-listed betas by default, all with forwardBetas=*, none with none, a list instead of the default', () => {
    const asked = request({ anthropic_beta: [INTERLEAVED, 'context-1m-2025-08-07', 'computer-use-2025-01-24'] });
    expect(forwardedAnthropicBetas(asked, { options: {} })).toEqual([INTERLEAVED, 'context-1m-2025-08-07']);
    expect(forwardedAnthropicBetas(asked, { options: { forwardBetas: '*' } })).toEqual(asked.anthropic_beta);
    expect(forwardedAnthropicBetas(asked, { options: { forwardBetas: 'none', anthropicBeta: 'fixed-1' } })).toEqual(['fixed-1']);
    expect(forwardedAnthropicBetas(asked, { options: { forwardBetas: 'computer-use', anthropicBeta: 'fixed-1' } })).toEqual(['fixed-1', 'computer-use-2025-01-24']);
  });

  it('sends them to Anthropic in one header, and lets interleaved thinking take a budget beyond max_tokens', async () => {
    const target = targetFor('anthropic', { options: { anthropicBeta: 'prompt-caching-2024-07-31' } });
    const thinking = { thinking: { type: 'enabled' as const, budget_tokens: 8000 }, max_tokens: 4000 };
    await expect(anthropicAdapter.chat.buildRequest(target, request(thinking))).rejects.toThrow(TranslationError);
    const built = await anthropicAdapter.chat.buildRequest(target, request({ ...thinking, anthropic_beta: [INTERLEAVED, 'mcp-client-2025-04-04'] }));
    expect(built.headers['anthropic-beta']).toBe(`prompt-caching-2024-07-31,${INTERLEAVED}`);
    expect(JSON.parse(built.body)).toMatchObject({ max_tokens: 4000, thinking: { budget_tokens: 8000 } });
    // A beta the provider does not forward does not lift the rule either: Claude would refuse.
    await expect(anthropicAdapter.chat.buildRequest(targetFor('anthropic', { options: { forwardBetas: 'none' } }), request({ ...thinking, anthropic_beta: [INTERLEAVED] }))).rejects.toThrow(
      'must be greater than thinking.budget_tokens',
    );
  });

  it('sends them to Claude on Bedrock as anthropic_beta, and to no other Bedrock model', async () => {
    const bedrock = createBedrockAdapter();
    const options = { region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
    const claude = targetFor('bedrock', { upstreamModel: 'anthropic.claude-sonnet-4-20250514-v1:0', options });
    const asked = request({ anthropic_beta: [INTERLEAVED, 'prompt-caching-2024-07-31', 'context-1m-2025-08-07'] });
    const body = JSON.parse((await bedrock.chat.buildRequest(claude, asked)).body) as BedrockConverseRequest;
    // Bedrock's own, shorter list: prompt caching needs no beta there.
    expect(body.additionalModelRequestFields).toEqual({ anthropic_beta: [INTERLEAVED, 'context-1m-2025-08-07'] });
    const nova = targetFor('bedrock', { upstreamModel: 'amazon.nova-pro-v1:0', options });
    expect(JSON.parse((await bedrock.chat.buildRequest(nova, request({ anthropic_beta: [INTERLEAVED] }))).body)).not.toHaveProperty('additionalModelRequestFields');
  });

  it('never sends them to OpenAI-wire upstreams', async () => {
    expect(JSON.parse((await openAiAdapter.chat.buildRequest(targetFor('openai'), request({ anthropic_beta: [INTERLEAVED] }))).body)).not.toHaveProperty('anthropic_beta');
  });
});
