import { openAiBaseUrl } from './gateway-url';

describe('openAiBaseUrl', () => {
  it('adds /v1 to a gateway origin and leaves a URL that has it alone', () => {
    expect(openAiBaseUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/v1');
    expect(openAiBaseUrl('https://llm.corp.example/')).toBe('https://llm.corp.example/v1');
    expect(openAiBaseUrl('https://llm.corp.example/v1/')).toBe('https://llm.corp.example/v1');
  });
});
