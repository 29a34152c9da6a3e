import { startStandaloneGateway, type StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-upstreamegress0123456789abcdefghij';

describe('provider connections pass the egress guard (standalone gateway, real Redis, mock provider)', () => {
  let gateway: StandaloneGateway;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: metadata, type: openai, base_url: 'http://169.254.169.254/v1', api_key: k }
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: falls-back
    deployments:
      - { provider: metadata, model: m, priority: 0 }
      - { provider: mock, model: m, priority: 1 }
  - { name: metadata-only, deployments: [{ provider: metadata, model: m }] }
keys:
  - { name: app, key: ${KEY} }
routing:
  strategy: priority
  retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 }
`,
    );
  });

  afterAll(() => gateway?.close());

  it('never connects to a cloud metadata endpoint: the attempt fails at once and the next deployment answers', async () => {
    const { data, response } = await gateway.client(KEY).chat.completions.create({ model: 'falls-back', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0].message.content).toContain('Mock reply');
    expect(response.headers.get('x-sluice-provider')).toBe('mock');
  });

  it('answers a model with no other deployment with an OpenAI-style 502', async () => {
    const error = await gateway.client(KEY).chat.completions.create({ model: 'metadata-only', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    // The provider's address is not the client's business: the refusal is in the gateway's log.
    expect(error).toMatchObject({ status: 502, error: { type: 'api_error', code: 'upstream_error', message: "The providers serving 'metadata-only' failed to answer." } });
  });

  it('with GATEWAY_EGRESS=strict, a loopback upstream needs EGRESS_ALLOW_LOOPBACK', async () => {
    const config = (mockUrl: string) => `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - { name: m, deployments: [{ provider: mock, model: m }] }
keys:
  - { name: app, key: ${KEY} }
`;
    const strict = await startStandaloneGateway(config, { GATEWAY_EGRESS: 'strict' });
    const allowed = await startStandaloneGateway(config, { GATEWAY_EGRESS: 'strict', EGRESS_ALLOW_LOOPBACK: 'true' });
    try {
      const refused = await strict.client(KEY).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 502, error: { code: 'upstream_error' } });
      expect(((await (await fetch(`${strict.mock.url}/_mock/requests`)).json()) as { data: unknown[] }).data).toHaveLength(0);
      const ok = await allowed.client(KEY).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      expect(ok.choices[0].message.content).toContain('Mock reply');
    } finally {
      await Promise.all([strict.close(), allowed.close()]);
    }
  });
});
