import { cosineSimilarity } from '../text/embedding';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

interface GenerateContentResponse {
  candidates: Array<{ content: { role: string; parts: Array<{ text?: string; functionCall?: { name: string; args: unknown } }> }; finishReason?: string; index: number }>;
  usageMetadata: { promptTokenCount: number; candidatesTokenCount?: number; totalTokenCount: number };
  modelVersion: string;
}

describe('Gemini /v1beta/models/{model}:method', () => {
  let mock: RunningMockProvider;
  beforeAll(async () => {
    mock = await listenForTest();
  });
  afterAll(() => mock.close());

  const call = (modelMethod: string, body: unknown, { key = 'AIza-test', query = '' }: { key?: string; query?: string } = {}) =>
    fetch(`${mock.baseUrl}/v1beta/models/${modelMethod}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key && { 'x-goog-api-key': key }) },
      body: JSON.stringify(body),
    });
  const contents = [{ role: 'user', parts: [{ text: 'Why is the sky blue?' }] }];

  it('generates content with usageMetadata', async () => {
    const response = await call('gemini-2.5-flash:generateContent', { contents, systemInstruction: { parts: [{ text: 'Short.' }] } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerateContentResponse;
    expect(body.candidates[0]).toEqual({ content: { role: 'model', parts: [{ text: 'Mock reply to: Why is the sky blue?' }] }, finishReason: 'STOP', index: 0 });
    expect(body.usageMetadata).toEqual({ promptTokenCount: 2 + 5 + 3, candidatesTokenCount: 9, totalTokenCount: 19 });
    expect(body.modelVersion).toBe('gemini-2.5-flash');
  });

  it('streams SSE data lines whose texts add up, the last with finishReason and full usage', async () => {
    const response = await call('gemini-2.5-flash:streamGenerateContent', { contents }, { query: '?alt=sse' });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const raw = await response.text();
    const chunks = raw
      .split('\r\n\r\n')
      .filter(Boolean)
      .map((block) => JSON.parse(block.replace(/^data: /, '')) as GenerateContentResponse);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join('')).toBe('Mock reply to: Why is the sky blue?');
    const last = chunks[chunks.length - 1];
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toEqual({ promptTokenCount: 8, candidatesTokenCount: 9, totalTokenCount: 17 });
  });

  it('thinks as thinkingConfig says: thought summaries first with includeThoughts, thoughtsTokenCount apart from the answer, nothing with budget 0', async () => {
    const ask = async (thinkingConfig: unknown) => (await (await call('gemini-2.5-flash:generateContent', { contents, generationConfig: { thinkingConfig } })).json()) as GenerateContentResponse & { usageMetadata: { thoughtsTokenCount?: number } };
    const shown = await ask({ thinkingBudget: 1024, includeThoughts: true });
    expect(shown.candidates[0].content.parts).toEqual([{ text: 'Mock thought summary about: Why is the sky blue?', thought: true }, { text: 'Mock reply to: Why is the sky blue?' }]);
    const { promptTokenCount, candidatesTokenCount, thoughtsTokenCount, totalTokenCount } = shown.usageMetadata;
    expect(thoughtsTokenCount).toBeGreaterThan(0);
    expect(totalTokenCount).toBe(promptTokenCount + candidatesTokenCount! + thoughtsTokenCount!);
    const hidden = await ask({ thinkingBudget: -1 });
    expect(hidden.candidates[0].content.parts).toEqual([{ text: 'Mock reply to: Why is the sky blue?' }]);
    expect(hidden.usageMetadata.thoughtsTokenCount).toBe(thoughtsTokenCount);
    const off = await ask({ thinkingBudget: 0, includeThoughts: true });
    expect(off.candidates[0].content.parts).toEqual([{ text: 'Mock reply to: Why is the sky blue?' }]);
    expect(off.usageMetadata).not.toHaveProperty('thoughtsTokenCount');

    const streamed = await call('gemini-2.5-flash:streamGenerateContent', { contents, generationConfig: { thinkingConfig: { includeThoughts: true } } }, { query: '?alt=sse' });
    const chunks = (await streamed.text()).split('\r\n\r\n').filter(Boolean).map((line) => JSON.parse(line.replace(/^data: /, '')) as GenerateContentResponse);
    expect(chunks[0].candidates[0].content.parts).toEqual([{ text: 'Mock thought summary about: Why is the sky blue?', thought: true }]);
    expect(chunks.slice(1).flatMap((c) => c.candidates[0].content.parts.map((p) => p.text)).join('')).toBe('Mock reply to: Why is the sky blue?');
    expect(chunks.at(-1)!.usageMetadata).toMatchObject({ thoughtsTokenCount: expect.any(Number) });
  });

  it('streams a JSON array without alt=sse, and accepts ?key=', async () => {
    const response = await call('gemini-2.0-flash:streamGenerateContent', { contents }, { key: '', query: '?key=AIza-q' });
    const chunks = (await response.json()) as GenerateContentResponse[];
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join('')).toBe('Mock reply to: Why is the sky blue?');
    const recorded = (await (await fetch(`${mock.baseUrl}/_mock/requests`)).json()) as { data: Array<{ url: string }> };
    expect(recorded.data[recorded.data.length - 1].url).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent?key=[redacted]');
  });

  it('calls a declared function and returns JSON for responseSchema', async () => {
    const tools = [{ functionDeclarations: [{ name: 'lookup', parameters: { type: 'OBJECT', properties: { q: { type: 'STRING' } }, required: ['q'] } }] }];
    const fn = (await (await call('gemini-2.5-pro:generateContent', { contents, tools })).json()) as GenerateContentResponse;
    expect(fn.candidates[0].content.parts[0].functionCall).toMatchObject({ name: 'lookup', args: { q: 'mock q' } });

    const json = (await (
      await call('gemini-2.5-pro:generateContent', {
        contents,
        generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { answer: { type: 'STRING' } } } },
      })
    ).json()) as GenerateContentResponse;
    expect(JSON.parse(json.candidates[0].content.parts[0].text ?? '')).toEqual({ answer: 'mock answer' });
  });

  it('embeds content deterministically, honouring outputDimensionality', async () => {
    const embed = async (text: string) =>
      ((await (await call('gemini-embedding-001:embedContent', { content: { parts: [{ text }] }, outputDimensionality: 256 })).json()) as {
        embedding: { values: number[] };
      }).embedding.values;
    const a = await embed('how tall is mount everest');
    expect(a).toHaveLength(256);
    expect(await embed('how tall is mount everest')).toEqual(a);
    expect(cosineSimilarity(a, await embed('what is the height of mount everest'))).toBeGreaterThan(cosineSimilarity(a, await embed('best pasta recipe')));
  });

  it('answers in Google error format: 403 without a key, 400 for a bad body, 404 for an unknown method', async () => {
    const noKey = await call('gemini-2.5-flash:generateContent', { contents }, { key: '' });
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toEqual({ error: { code: 403, message: expect.stringContaining('API Key'), status: 'PERMISSION_DENIED' } });

    const bad = await call('gemini-2.5-flash:generateContent', { contents: [] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });

    const unknown = await call('gemini-2.5-flash:doMagic', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { status: 'NOT_FOUND' } });
  });
});
