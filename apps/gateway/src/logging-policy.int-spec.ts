import { findUsageEvent } from '@sluice/testing';
import { MAX_LOGGED_BODY_CHARS } from '@sluice/contracts';
import { startStandaloneGateway, type StandaloneGateway } from './test-support/standalone-gateway';

const LOGGED_KEY = 'sk-sluice-loggedteam00123456789abcdefghijklm';
const PROMPTS_ONLY_KEY = 'sk-sluice-promptsonly0123456789abcdefghijklm';
const QUIET_KEY = 'sk-sluice-quietteam000123456789abcdefghijklm';
const EMAIL = 'jane.doe@example.com';

/** Prompt/response text reaches the usage event only when the logging policy asks for it, and only after redaction. */
describe('logging policy on the gateway (real Redis, mock provider process)', () => {
  let gateway: StandaloneGateway;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: logged-model
    deployments: [{ provider: mock, model: logged-model }]
teams:
  - name: logged
    logging: { storePrompts: true, storeResponses: true }
    guardrails:
      pii: { action: redact }
      blockedTerms: { terms: [project nightingale], action: block }
      applyTo: { request: true, response: true }
  - { name: quiet }
keys:
  - { name: logged, key: ${LOGGED_KEY}, team: logged }
  - { name: prompts-only, key: ${PROMPTS_ONLY_KEY}, team: logged, logging: { storePrompts: true, storeResponses: false } }
  - { name: quiet, key: ${QUIET_KEY}, team: quiet }
`,
    );
  });

  afterAll(() => gateway?.close());

  const usageEvent = (requestId: string | null) => findUsageEvent(gateway.redis.url, gateway.redis.prefix, requestId ?? '');
  const ask = (key: string, content: string) =>
    gateway.client(key).chat.completions.create({ model: 'logged-model', messages: [{ role: 'user', content }] }).withResponse();

  it('logs the redacted prompt and the redacted answer when the team policy stores both', async () => {
    const { data, response } = await ask(LOGGED_KEY, `Write to ${EMAIL}`);
    const event = await usageEvent(response.headers.get('x-request-id'));
    expect(JSON.parse(event.bodies!.prompt!.text)).toEqual([{ role: 'user', content: 'Write to [REDACTED_EMAIL]' }]);
    expect(JSON.parse(event.bodies!.response!.text)).toEqual([expect.objectContaining({ role: 'assistant', content: data.choices[0].message.content })]);
    expect(event.bodies).toMatchObject({ prompt: { truncated: false }, response: { truncated: false } });
    expect(JSON.stringify(event)).not.toContain(EMAIL);
  });

  it('logs a streamed answer as the client received it', async () => {
    const { data: stream, response } = await gateway
      .client(LOGGED_KEY)
      .chat.completions.create({ model: 'logged-model', stream: true, messages: [{ role: 'user', content: `Stream to ${EMAIL}` }] })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    const event = await usageEvent(response.headers.get('x-request-id'));
    expect(JSON.parse(event.bodies!.response!.text)).toEqual([expect.objectContaining({ role: 'assistant', content: text })]);
    expect(text).toContain('[REDACTED_EMAIL]');
    expect(JSON.stringify(event)).not.toContain(EMAIL);
  });

  it('applies the most specific policy: a key that stores prompts only', async () => {
    const { response } = await ask(PROMPTS_ONLY_KEY, 'Just the prompt');
    const event = await usageEvent(response.headers.get('x-request-id'));
    expect(event.bodies?.prompt?.text).toContain('Just the prompt');
    expect(event.bodies?.response).toBeUndefined();
  });

  it('logs no text by default, and none for a blocked request', async () => {
    const quiet = await ask(QUIET_KEY, 'Nothing to keep');
    expect((await usageEvent(quiet.response.headers.get('x-request-id'))).bodies).toBeUndefined();
    const blocked = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LOGGED_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'logged-model', messages: [{ role: 'user', content: 'Status of Project Nightingale?' }] }),
    });
    expect(blocked.status).toBe(400);
    const event = await usageEvent(blocked.headers.get('x-request-id'));
    expect(event.status).toBe('blocked');
    expect(event.bodies).toBeUndefined();
  });

  it('cuts a prompt longer than the bound and flags it', async () => {
    const { response } = await ask(PROMPTS_ONLY_KEY, 'long '.repeat(MAX_LOGGED_BODY_CHARS / 4));
    const event = await usageEvent(response.headers.get('x-request-id'));
    expect(event.bodies?.prompt).toMatchObject({ truncated: true });
    expect(event.bodies!.prompt!.text.length).toBe(MAX_LOGGED_BODY_CHARS);
  });
});
