import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '../config/gateway-config';
import { UpstreamClient } from './upstream-client';
import { upstreamEgressGuard } from './upstream-egress';

const standalone = { SLUICE_CONFIG: '/dev/null' };
const guardFor = (env: Record<string, string>) => upstreamEgressGuard(loadGatewayConfig({ ...standalone, ...env }, []));
const refusal = (guard: ReturnType<typeof upstreamEgressGuard>, url: string) => {
  try {
    guard!.assertUrlAllowed(url);
    return null;
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
};

describe('GATEWAY_EGRESS: what provider connections may reach', () => {
  it('by default refuses only cloud metadata endpoints: private, loopback and public upstreams stay reachable', () => {
    const guard = guardFor({});
    expect(['http://169.254.169.254/latest', 'http://[fd00:ec2::254]/', 'http://metadata.google.internal/'].map((url) => refusal(guard, url))).toEqual(['metadata', 'metadata', 'metadata']);
    expect(['http://10.0.0.5:8000/v1', 'http://127.0.0.1:4300', 'http://localhost:11434', 'https://api.openai.com/v1'].map((url) => refusal(guard, url))).toEqual([null, null, null, null]);
  });

  it("strict applies the admin API's policy: private and loopback only when allow-listed", () => {
    const strict = guardFor({ GATEWAY_EGRESS: 'strict' });
    expect(['http://10.0.0.5:8000', 'http://127.0.0.1:4300', 'http://169.254.10.1', 'https://api.openai.com'].map((url) => refusal(strict, url))).toEqual(['private', 'loopback', 'link-local', null]);
    const allowing = guardFor({ GATEWAY_EGRESS: 'strict', EGRESS_ALLOWED_HOSTS: '10.0.0.0/8,vllm.internal', EGRESS_ALLOW_LOOPBACK: 'true' });
    expect(['http://10.0.0.5:8000', 'http://127.0.0.1:4300', 'http://169.254.169.254'].map((url) => refusal(allowing, url))).toEqual([null, null, 'metadata']);
  });

  it('off checks nothing; an unknown mode is a configuration error', () => {
    expect(guardFor({ GATEWAY_EGRESS: 'off' })).toBeNull();
    expect(() => guardFor({ GATEWAY_EGRESS: 'lenient' })).toThrow(/GATEWAY_EGRESS/);
  });

  describe('on the upstream client, at connect time', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((_req, res) => res.end('{}'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const send = (client: UpstreamClient, to: string) => client.send({ url: to, method: 'POST', headers: {}, body: '{}' }, 5_000, new AbortController().signal);

    it('refuses a connection to a denied address before it is made, and lets an allowed one through', async () => {
      const strict = new UpstreamClient(undefined, { egress: guardFor({ GATEWAY_EGRESS: 'strict' }) });
      const lenient = new UpstreamClient(undefined, { egress: guardFor({}) });
      try {
        await expect(send(strict, url)).rejects.toMatchObject({ code: 'ERR_EGRESS_DENIED', reason: 'loopback' });
        await expect(send(lenient, 'http://169.254.169.254/latest/meta-data/')).rejects.toMatchObject({ code: 'ERR_EGRESS_DENIED', reason: 'metadata' });
        const ok = await send(lenient, url);
        expect(ok.statusCode).toBe(200);
        await ok.body.text();
      } finally {
        await Promise.all([strict.close(), lenient.close()]);
      }
    });

    it('checks a host name on the addresses it resolves to (localhost is loopback)', async () => {
      const strict = new UpstreamClient(undefined, { egress: guardFor({ GATEWAY_EGRESS: 'strict' }) });
      try {
        await expect(send(strict, url.replace('127.0.0.1', 'localhost'))).rejects.toMatchObject({ code: 'ERR_EGRESS_DENIED' });
      } finally {
        await strict.close();
      }
    });
  });
});
