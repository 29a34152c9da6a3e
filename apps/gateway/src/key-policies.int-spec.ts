import OpenAI from 'openai';
import { findUsageEvent } from '@sluice/testing';
import { startStandaloneGateway, type StandaloneGateway } from './test-support/standalone-gateway';

const LOCAL_KEY = 'sk-sluice-localonly00123456789abcdefghijklmn';
const OFFICE_KEY = 'sk-sluice-officeonly0123456789abcdefghijklmn';

describe('key policies: IP allow-lists, tags and deployment prices (real Redis, mock provider)', () => {
  let gateway: StandaloneGateway;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - name: negotiated
    prices: { input_per_1m: 10, output_per_1m: 30 }
    deployments: [{ provider: mock, model: negotiated, prices: { input_per_1m: 1, output_per_1m: 2 } }]
keys:
  - { name: local, key: ${LOCAL_KEY}, ip_allow_list: [127.0.0.0/8, "::1"], metadata: { cost_center: cc-42, app: billing } }
  - { name: office, key: ${OFFICE_KEY}, ip_allow_list: [10.0.0.0/8] }
`,
    );
  });

  afterAll(() => gateway?.close());

  const client = (key: string) => gateway.client(key);

  it('refuses a key outside its allowed networks with 403, and serves it inside them', async () => {
    await expect(client(OFFICE_KEY).chat.completions.create({ model: 'negotiated', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 403,
      error: { type: 'permission_error', code: 'ip_not_allowed' },
    });
    const ok = await client(LOCAL_KEY).chat.completions.create({ model: 'negotiated', messages: [{ role: 'user', content: 'hi' }] });
    expect(ok.choices[0].message.content).toContain('Mock reply');
  });

  it("does not believe a client's X-Forwarded-For when TRUST_PROXY is unset", async () => {
    const spoofing = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: OFFICE_KEY, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': '10.1.2.3' } });
    await expect(spoofing.chat.completions.create({ model: 'negotiated', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 403 });
  });

  describe('behind a load balancer (TRUST_PROXY lists it)', () => {
    let behindProxy: StandaloneGateway;

    beforeAll(async () => {
      behindProxy = await startStandaloneGateway(
        (mockUrl) => `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - { name: m, deployments: [{ provider: mock, model: m }] }
keys:
  - { name: office, key: ${OFFICE_KEY}, ip_allow_list: [10.0.0.0/8] }
`,
        { TRUST_PROXY: 'loopback' },
      );
    });

    afterAll(() => behindProxy?.close());

    const viaProxy = (forwardedFor: string) =>
      new OpenAI({ baseURL: `${behindProxy.url}/v1`, apiKey: OFFICE_KEY, maxRetries: 0, defaultHeaders: { 'x-forwarded-for': forwardedFor } }).chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
      });

    it("checks the key's allow-list against the client the load balancer names, not the load balancer", async () => {
      expect((await viaProxy('10.1.2.3')).choices[0].message.content).toContain('Mock reply');
      await expect(viaProxy('192.0.2.44')).rejects.toMatchObject({ status: 403, error: { code: 'ip_not_allowed' } });
    });

    it('takes the nearest untrusted hop: an address a client put in front of the chain changes nothing', async () => {
      await expect(viaProxy('10.9.9.9, 192.0.2.44')).rejects.toMatchObject({ status: 403 });
      expect((await viaProxy('192.0.2.44, 10.1.2.3, 127.0.0.1')).choices[0].message.content).toContain('Mock reply');
    });
  });

  it('prices the call at the deployment override and copies the key tags onto its usage event', async () => {
    const { data, response } = await client(LOCAL_KEY).chat.completions.create({ model: 'negotiated', messages: [{ role: 'user', content: 'price me' }] }).withResponse();
    const event = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, response.headers.get('x-request-id') ?? '');
    const usage = data.usage!;
    expect(event.costUsd).toBeCloseTo((usage.prompt_tokens * 1 + usage.completion_tokens * 2) / 1e6, 12);
    expect(event.metadata).toEqual({ cost_center: 'cc-42', app: 'billing' });
    expect(event.promptTokens).toBe(usage.prompt_tokens);
  });
});
