import { findUsageEvent } from '@sluice/testing';
import { startStandaloneGateway, type StandaloneGateway } from '../test-support/standalone-gateway';

const KEY = 'sk-sluice-refusedrequests0123456789abcdefghij';

describe('usage events of requests the gateway refuses (real Redis, mock provider)', () => {
  let gateway: StandaloneGateway;

  beforeAll(async () => {
    gateway = await startStandaloneGateway(
      (mockUrl) => `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: k }
models:
  - { name: gpt-4o-mini, deployments: [{ provider: mock, model: gpt-4o-mini }] }
keys:
  - { name: app, key: ${KEY} }
`,
    );
  });

  afterAll(() => gateway?.close());

  async function refused(body: unknown): Promise<{ status: number; event: { model: string; httpStatus: number; errorCode: string | null } }> {
    const res = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const event = await findUsageEvent(gateway.redis.url, gateway.redis.prefix, res.headers.get('x-request-id') ?? '');
    return { status: res.status, event };
  }

  it('logs an invalid request under the model it asked for, so the request logs show which model a broken client calls', async () => {
    const { status, event } = await refused({ model: 'gpt-4o-mini', messages: 'not a list' });
    expect(status).toBe(400);
    expect(event).toMatchObject({ model: 'gpt-4o-mini', httpStatus: 400 });
  });

  it('logs "unknown" when the body names no model it could read', async () => {
    for (const body of [{ messages: [] }, { model: 42, messages: [] }, { model: '', messages: [] }]) {
      const { status, event } = await refused(body);
      expect(status).toBe(400);
      expect(event.model).toBe('unknown');
    }
  });
});
