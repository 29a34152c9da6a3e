import OpenAI from 'openai';
import { cosineSimilarity } from '../text/embedding';
import { listenForTest, type RunningMockProvider } from '../testing/listen-for-test';

describe('POST /v1/embeddings', () => {
  let mock: RunningMockProvider;
  let client: OpenAI;

  beforeAll(async () => {
    mock = await listenForTest();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.baseUrl}/v1`, maxRetries: 0 });
  });
  afterAll(() => mock.close());

  const embed = async (input: string[], extra: Partial<OpenAI.EmbeddingCreateParams> = {}) =>
    (await client.embeddings.create({ model: 'text-embedding-3-small', input, ...extra })).data.map((d) => d.embedding);

  it('returns the same unit vector for the same input, 1536 long by default (via the SDK default base64 encoding)', async () => {
    const [a, b] = await embed(['the same text', 'the same text']);
    expect(a).toHaveLength(1536);
    expect(a).toEqual(b);
    expect(cosineSimilarity(a, a)).toBeCloseTo(1, 5);
  });

  it('honours dimensions and encoding_format float, and reports usage', async () => {
    const response = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'hello world', dimensions: 256, encoding_format: 'float' });
    expect(response.data[0].embedding).toHaveLength(256);
    expect(response.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const large = await embed(['hello'], { model: 'text-embedding-3-large' });
    expect(large[0]).toHaveLength(3072);
  });

  it('gives paraphrases a higher similarity than unrelated texts', async () => {
    const [question, paraphrase, unrelated] = await embed([
      'What is the capital city of France?',
      'Tell me the capital of France',
      'How do I bake sourdough bread at home?',
    ]);
    const similar = cosineSimilarity(question, paraphrase);
    const different = cosineSimilarity(question, unrelated);
    expect(similar).toBeGreaterThan(0.6);
    expect(different).toBeLessThan(0.2);
  });

  it('sends base64 float32 when asked on the wire', async () => {
    const response = await fetch(`${mock.baseUrl}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'abc', encoding_format: 'base64', dimensions: 8 }),
    });
    const body = (await response.json()) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(body.data[0].embedding, 'base64');
    expect(bytes.length).toBe(8 * 4);
    const floats = Array.from({ length: 8 }, (_, i) => bytes.readFloatLE(i * 4));
    const [asFloats] = await embed(['abc'], { dimensions: 8, encoding_format: 'float' });
    floats.forEach((value, i) => expect(value).toBeCloseTo(asFloats[i], 6));
  });

  it('rejects a missing input with a 400 in OpenAI format', async () => {
    await expect(client.embeddings.create({ model: 'm' } as OpenAI.EmbeddingCreateParams)).rejects.toMatchObject({ status: 400, error: { param: 'input' } });
  });
});
