import { expect, test } from '@playwright/test';
import OpenAI from 'openai';
import { stack } from '../support/stack';

// The official openai client against the running gateway. gpt-4o-mini is served by an OpenAI-type
// provider and claude-3-5-haiku by an Anthropic-type provider (both the mock), so every case below
// also runs through the OpenAI → Anthropic translation.
const MODELS = ['gpt-4o-mini', 'claude-3-5-haiku'] as const;

function client(): OpenAI {
  const { gatewayUrl, demoApiKey } = stack();
  return new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: demoApiKey, maxRetries: 0 });
}

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

for (const model of MODELS) {
  test.describe(`chat completions served by ${model}`, () => {
    test('plain chat, with response headers naming who served it', async () => {
      const { data, response } = await client().chat.completions.create({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello gateway' }] }).withResponse();
      expect(data.choices[0].message.content).toBe('Mock reply to: Hello gateway');
      expect(data.model).toBe(model);
      expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
      expect(response.headers.get('x-sluice-model')).toBe(model);
      expect(response.headers.get('x-sluice-provider')).toMatch(/^Mock (OpenAI|Anthropic)$/);
      expect(response.headers.get('x-request-id')).toBeTruthy();
    });

    test('tools: the model calls the function with JSON arguments', async () => {
      const completion = await client().chat.completions.create({ model, tools: [weatherTool], tool_choice: 'auto', messages: [{ role: 'user', content: 'Weather in Paris?' }] });
      const choice = completion.choices[0];
      expect(choice.finish_reason).toBe('tool_calls');
      const call = choice.message.tool_calls?.[0];
      expect(call?.type).toBe('function');
      expect(call && call.type === 'function' ? call.function.name : null).toBe('get_weather');
      expect(JSON.parse(call && call.type === 'function' ? call.function.arguments : '{}')).toHaveProperty('city');
    });

    test('JSON schema response format yields an object with the required fields', async () => {
      const completion = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Describe a cat' }],
        response_format: { type: 'json_schema', json_schema: { name: 'cat', strict: true, schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false } } },
      });
      const parsed = JSON.parse(completion.choices[0].message.content ?? 'null') as Record<string, unknown>;
      expect(typeof parsed.name).toBe('string');
      expect(typeof parsed.age).toBe('number');
    });

    test('images in content parts are accepted', async () => {
      const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
      const completion = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: pixel } }] }],
      });
      expect(completion.choices[0].message.content).toContain('Mock reply');
    });

    test('streaming delivers the text incrementally and usage at the end', async () => {
      const stream = await client().chat.completions.create({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Stream a reply' }] });
      let text = '';
      let chunks = 0;
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        chunks += 1;
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe('Mock reply to: Stream a reply');
      expect(chunks).toBeGreaterThan(3);
      expect(usage?.completion_tokens).toBeGreaterThan(0);
    });

    test('Responses API, plain and streaming', async () => {
      const response = await client().responses.create({ model, input: 'Hello responses' });
      expect(response.output_text).toBe('Mock reply to: Hello responses');
      expect(response.usage?.output_tokens).toBeGreaterThan(0);
      const stream = await client().responses.create({ model, input: 'Stream responses', stream: true });
      const types = new Set<string>();
      let text = '';
      for await (const event of stream) {
        types.add(event.type);
        if (event.type === 'response.output_text.delta') text += event.delta;
      }
      expect(text).toBe('Mock reply to: Stream responses');
      expect([...types]).toEqual(expect.arrayContaining(['response.created', 'response.output_text.delta', 'response.completed']));
    });
  });
}

test('embeddings are deterministic vectors', async () => {
  const result = await client().embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'alpha', 'beta'] });
  expect(result.data).toHaveLength(3);
  expect(result.data[0].embedding).toHaveLength(1536);
  expect(result.data[0].embedding).toEqual(result.data[1].embedding);
  expect(result.data[0].embedding).not.toEqual(result.data[2].embedding);
});

test('legacy completions', async () => {
  const completion = await client().completions.create({ model: 'gpt-4o-mini', prompt: 'Say hi' });
  expect(completion.choices[0].text).toBe('Mock reply to: Say hi');
});

test('models list shows the models the key may use, and one model can be retrieved', async () => {
  const models = await client().models.list();
  const ids = models.data.map((m) => m.id);
  expect(ids).toEqual(expect.arrayContaining(['gpt-4o-mini', 'claude-3-5-haiku', 'text-embedding-3-small']));
  expect((await client().models.retrieve('gpt-4o-mini')).id).toBe('gpt-4o-mini');
  await expect(client().models.retrieve('not-a-model')).rejects.toMatchObject({ status: 404 });
});

test.describe('error paths in OpenAI format', () => {
  test('unknown model → 404 model_not_found', async () => {
    await expect(client().chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 404,
      error: { type: 'invalid_request_error', code: 'model_not_found', param: 'model' },
    });
  });

  test('invalid body → 400 naming the parameter', async () => {
    await expect(client().chat.completions.create({ model: 'gpt-4o-mini', messages: [] })).rejects.toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'messages' } });
  });

  test('bad key → 401, missing key → 401', async () => {
    const { gatewayUrl } = stack();
    const bad = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'sk-sluice-wrong-key-000000000000000000000', maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 401, error: { code: 'invalid_api_key' } });
    const res = await fetch(`${gatewayUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: 'authentication_error', code: 'missing_api_key' } });
  });

  test('broken JSON → 400 invalid_json', async () => {
    const { gatewayUrl, demoApiKey } = stack();
    const res = await fetch(`${gatewayUrl}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${demoApiKey}`, 'content-type': 'application/json' }, body: '{"model":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_json' } });
  });

  test('a feature the provider cannot translate → 400 that says so', async () => {
    await expect(client().chat.completions.create({ model: 'claude-3-5-haiku', n: 2, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 400,
      error: { type: 'invalid_request_error' },
    });
  });

  test('unknown route → 404 in OpenAI format', async () => {
    const { gatewayUrl, demoApiKey } = stack();
    const res = await fetch(`${gatewayUrl}/v1/nothing-here`, { headers: { authorization: `Bearer ${demoApiKey}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'unknown_url' } });
  });
});
