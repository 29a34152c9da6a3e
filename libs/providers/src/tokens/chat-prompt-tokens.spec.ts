import { estimateChatPromptTokens } from './chat-prompt-tokens';

describe('estimateChatPromptTokens', () => {
  it('counts text with the BPE tokenizer plus per-message overhead', () => {
    const one = estimateChatPromptTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello world' }] });
    expect(one).toBe(3 + 3 + 2);
    const two = estimateChatPromptTokens({ model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello world' }] });
    expect(two).toBeGreaterThan(one);
  });

  it('estimates a prompt that quotes a special token instead of failing the request', () => {
    const quoted = estimateChatPromptTokens({ model: 'm', messages: [{ role: 'user', content: 'Why does my output end with <|endoftext|>?' }] });
    expect(quoted).toBeGreaterThan(3 + 3 + 8);
  });

  it('grows with long prompts, images and tools', () => {
    const long = estimateChatPromptTokens({ model: 'm', messages: [{ role: 'user', content: 'word '.repeat(1000) }] });
    expect(long).toBeGreaterThan(900);
    const image = estimateChatPromptTokens({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] });
    expect(image).toBeGreaterThanOrEqual(765);
    const tools = estimateChatPromptTokens({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    expect(tools).toBeGreaterThan(estimateChatPromptTokens({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
  });
});
