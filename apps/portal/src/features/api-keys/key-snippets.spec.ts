import { keySnippets } from './key-snippets';

describe('keySnippets', () => {
  it('points curl, Python and TypeScript at the gateway with the new secret and model', () => {
    const samples = keySnippets('https://llm.corp.example/v1', 'sk-sluice-abc', 'gpt-4o-mini');
    expect(samples.map((s) => s.label)).toEqual(['curl', 'Python', 'TypeScript']);
    const [curl, python, ts] = samples.map((s) => s.code);
    expect(curl).toContain('curl https://llm.corp.example/v1/chat/completions');
    expect(curl).toContain('Authorization: Bearer sk-sluice-abc');
    expect(curl).toContain('"model": "gpt-4o-mini"');
    expect(python).toContain('OpenAI(base_url="https://llm.corp.example/v1", api_key="sk-sluice-abc")');
    expect(ts).toContain('new OpenAI({ baseURL: "https://llm.corp.example/v1", apiKey: "sk-sluice-abc" })');
  });

  it('leaves a placeholder model when the key names none', () => {
    expect(keySnippets('http://gw/v1', 's')[0].code).toContain('"model": "<model>"');
  });
});
