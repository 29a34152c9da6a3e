import type { OpenAiChatRequest } from '@sluice/contracts';
import { exactCacheKey, type CacheScope } from './exact-cache-key';

const ORG_A = '11111111-1111-4111-8111-111111111111';
const ORG_B = '22222222-2222-4222-8222-222222222222';
const TEAM_1 = '33333333-3333-4333-8333-333333333333';
const TEAM_2 = '44444444-4444-4444-8444-444444444444';
const scope: CacheScope = { prefix: 'sluice', orgId: ORG_A, teamId: TEAM_1 };

const base: OpenAiChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is the capital of France?' },
  ],
  temperature: 0,
  max_tokens: 50,
};
const key = (request: OpenAiChatRequest, s = scope) => exactCacheKey(s, request);

describe('exactCacheKey', () => {
  it('has the documented format with the org hash tag the limits use', () => {
    expect(key(base)).toMatch(new RegExp(`^sluice:\\{${ORG_A}\\}:cache:${TEAM_1}:[0-9a-f]{64}$`));
    expect(key(base, { ...scope, teamId: null })).toMatch(new RegExp(`^sluice:\\{${ORG_A}\\}:cache:-:[0-9a-f]{64}$`));
  });

  it('ignores field order at every level', () => {
    const reordered = JSON.parse('{"max_tokens":50,"temperature":0,"messages":[{"content":"Be brief.","role":"system"},{"content":"What is the capital of France?","role":"user"}],"model":"gpt-4o-mini"}') as OpenAiChatRequest;
    expect(key(reordered)).toBe(key(base));
  });

  it('ignores fields that do not change the output', () => {
    expect(
      key({ ...base, stream: true, stream_options: { include_usage: true }, user: 'u-42', metadata: { trace: 'x' }, store: true, service_tier: 'auto' } as OpenAiChatRequest),
    ).toBe(key(base));
  });

  it('treats equivalent spellings as the same request', () => {
    expect(key({ ...base, max_tokens: undefined, max_completion_tokens: 50 })).toBe(key(base));
    expect(key({ ...base, n: 1, logprobs: false, seed: null, stop: [] })).toBe(key(base));
    expect(key({ ...base, stop: 'END' })).toBe(key({ ...base, stop: ['END'] }));
    expect(key({ ...base, response_format: { type: 'text' } })).toBe(key(base));
    const parts: OpenAiChatRequest = { ...base, messages: [base.messages[0], { role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] }] };
    expect(key(parts)).toBe(key(base));
  });

  it.each<[string, Partial<OpenAiChatRequest>]>([
    ['model', { model: 'gpt-4o' }],
    ['messages', { messages: [{ role: 'user', content: 'What is the capital of Spain?' }] }],
    ['temperature', { temperature: 0.7 }],
    ['top_p', { top_p: 0.5 }],
    ['n', { n: 2 }],
    ['stop', { stop: ['\n'] }],
    ['seed', { seed: 7 }],
    ['max tokens', { max_tokens: 51 }],
    ['presence_penalty', { presence_penalty: 0.5 }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['logit_bias', { logit_bias: { '50256': -100 } } as Partial<OpenAiChatRequest>],
    ['logprobs', { logprobs: true, top_logprobs: 2 }],
    ['tools', { tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }] }],
    ['tool_choice', { tool_choice: 'required' }],
    ['response_format', { response_format: { type: 'json_object' } }],
    ['an unknown field', { reasoning_effort: 'high' } as Partial<OpenAiChatRequest>],
  ])('changes with %s', (_name, change) => {
    expect(key({ ...base, ...change } as OpenAiChatRequest)).not.toBe(key(base));
  });

  it('differs across orgs, teams and prefixes for the same request', () => {
    const keys = new Set([
      key(base),
      key(base, { ...scope, teamId: TEAM_2 }),
      key(base, { ...scope, teamId: null }),
      key(base, { ...scope, orgId: ORG_B }),
      key(base, { ...scope, prefix: 'other' }),
    ]);
    expect(keys.size).toBe(5);
  });
});
