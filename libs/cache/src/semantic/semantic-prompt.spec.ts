import type { OpenAiChatRequest } from '@sluice/contracts';
import { PRIOR_TURN_CHARS, scopeHashOf, semanticPromptOf } from './semantic-prompt';

const request = (messages: OpenAiChatRequest['messages'], extra: Partial<OpenAiChatRequest> = {}): OpenAiChatRequest => ({ model: 'm', messages, ...extra });

describe('semanticPromptOf', () => {
  it('is the last user turn alone when there is no history', () => {
    expect(semanticPromptOf(request([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }]))).toBe('Capital of France?');
    expect(semanticPromptOf(request([{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]))).toBe('a\nb');
  });

  it('renders prior turns compactly before the last user turn', () => {
    const prompt = semanticPromptOf(
      request([
        { role: 'user', content: `Tell me about  France.\n${'x'.repeat(500)}` },
        { role: 'assistant', content: 'France is a country.' },
        { role: 'user', content: 'And its capital?' },
      ]),
    );
    const [prior, last] = (prompt ?? '').split('\n---\n');
    expect(last).toBe('And its capital?');
    const lines = prior.split('\n');
    expect(lines[0].startsWith('user: Tell me about France. x')).toBe(true);
    expect(lines[0].length).toBeLessThanOrEqual('user: '.length + PRIOR_TURN_CHARS + 1);
    expect(lines[1]).toBe('assistant: France is a country.');
  });

  it('is null for requests the semantic cache should not answer', () => {
    expect(semanticPromptOf(request([{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }]))).toBeNull();
    expect(semanticPromptOf(request([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }]))).toBeNull();
    expect(
      semanticPromptOf(
        request([
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'w', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'sunny' },
          { role: 'user', content: 'thanks' },
        ]),
      ),
    ).toBeNull();
    expect(semanticPromptOf(request([{ role: 'user', content: '   ' }]))).toBeNull();
  });
});

describe('scopeHashOf', () => {
  const base = request([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of France?' }]);

  it('ignores the conversation, model and sampling parameters', () => {
    expect(scopeHashOf({ ...base, model: 'other', temperature: 1, messages: [base.messages[0], { role: 'user', content: 'Something else' }] })).toBe(scopeHashOf(base));
  });

  it('changes with the system prompt, tools, tool_choice and response_format', () => {
    const hashes = new Set([
      scopeHashOf(base),
      scopeHashOf({ ...base, messages: [{ role: 'system', content: 'Be verbose.' }, base.messages[1]] }),
      scopeHashOf({ ...base, messages: [base.messages[1]] }),
      scopeHashOf({ ...base, tools: [{ type: 'function', function: { name: 'weather' } }] }),
      scopeHashOf({ ...base, tool_choice: 'none' }),
      scopeHashOf({ ...base, response_format: { type: 'json_object' } }),
    ]);
    expect(hashes.size).toBe(6);
    expect(scopeHashOf(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});
