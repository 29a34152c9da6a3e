import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { parseEnv } from '@sluice/contracts';
import { createEgressGuard, EgressDeniedError, type EgressGuard } from './egress-guard';
import { egressEnvSchema, egressPolicyFromEnv, type EgressPolicy } from './egress-policy';
import { createGuardedAgent } from './guarded-agent';

const STRICT: EgressPolicy = { allowLoopback: false, allowedHosts: [], allowedRanges: [] };

function reasonOf(guard: EgressGuard, url: string): string | null {
  try {
    guard.assertUrlAllowed(url);
    return null;
  } catch (error) {
    if (error instanceof EgressDeniedError) return error.reason;
    throw error;
  }
}

describe('egress guard: write-time URL checks', () => {
  const guard = createEgressGuard(STRICT);

  it.each([
    'https://api.openai.com/v1',
    'https://my-resource.openai.azure.com',
    'http://api.example.com:8080/v1',
    'https://8.8.8.8/',
    'https://[2606:4700:4700::1111]/',
  ])('allows public %s', (url) => {
    expect(reasonOf(guard, url)).toBeNull();
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://METADATA.GOOGLE.INTERNAL./', 'metadata'],
    ['http://metadata/', 'metadata'],
    ['http://0xa9.0xfe.0xa9.0xfe/', 'metadata'], // hex
    ['http://2852039166/', 'metadata'], // decimal
    ['http://0251.0376.0251.0376/', 'metadata'], // octal
    ['http://[::ffff:169.254.169.254]/', 'metadata'],
    ['http://127.0.0.1:4300/v1', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://localhost:4300/', 'loopback'],
    ['http://LOCALHOST./', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://①②⑦.0.0.1/', 'loopback'], // IDN digits normalise to ASCII
    ['http://10.1.2.3/', 'private'],
    ['http://172.20.0.5/', 'private'],
    ['http://192.168.0.10/', 'private'],
    ['http://100.64.1.1/', 'private'],
    ['http://[fc00::1]/', 'private'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://[::ffff:a00:1]/', 'private'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://169.254.10.10/', 'link-local'],
    ['http://0.0.0.0/', 'reserved'],
    ['ftp://api.example.com/', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['gopher://api.example.com/', 'scheme'],
    ['https://user:secret@api.example.com/', 'credentials-in-url'],
    ['https://token@api.example.com/', 'credentials-in-url'],
    ['not a url', 'invalid-url'],
    ['/relative/path', 'invalid-url'],
  ])('denies %s (%s)', (url, reason) => {
    expect(reasonOf(guard, url)).toBe(reason);
  });

  it('never puts URL credentials into the error message', () => {
    try {
      guard.assertUrlAllowed('https://user:hunter2@api.example.com/');
      throw new Error('expected a denial');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('accepts IDN host names (as punycode)', () => {
    expect(guard.assertUrlAllowed('https://bücher.example/v1').hostname).toBe('xn--bcher-kva.example');
  });
});

describe('egress guard: policy overrides', () => {
  it('allows loopback only when EGRESS_ALLOW_LOOPBACK is set', () => {
    const dev = createEgressGuard({ ...STRICT, allowLoopback: true });
    expect(reasonOf(dev, 'http://127.0.0.1:4300/v1')).toBeNull();
    expect(reasonOf(dev, 'http://localhost:4300/')).toBeNull();
    expect(reasonOf(dev, 'http://[::1]:4300/')).toBeNull();
    expect(reasonOf(dev, 'http://10.0.0.1/')).toBe('private');
    expect(reasonOf(dev, 'http://169.254.169.254/')).toBe('metadata');
  });

  it('lets allow-listed hosts and CIDRs reach private addresses, never metadata', () => {
    const env = parseEnv('test', egressEnvSchema, { EGRESS_ALLOWED_HOSTS: 'vllm.corp.example, *.internal.example ,10.20.0.0/16,fd12::1,169.254.0.0/16' });
    const guard = createEgressGuard(egressPolicyFromEnv(env));
    expect(() => guard.assertAddressAllowed('vllm.corp.example', '10.9.9.9')).not.toThrow();
    expect(() => guard.assertAddressAllowed('a.b.internal.example', '192.168.1.1')).not.toThrow();
    expect(() => guard.assertAddressAllowed('other.example', '192.168.1.1')).toThrow(EgressDeniedError);
    expect(reasonOf(guard, 'http://10.20.3.4/')).toBeNull();
    expect(reasonOf(guard, 'http://10.21.3.4/')).toBe('private');
    expect(reasonOf(guard, 'http://[fd12::1]/')).toBeNull();
    expect(reasonOf(guard, 'http://169.254.169.254/')).toBe('metadata');
    expect(() => guard.assertAddressAllowed('vllm.corp.example', '169.254.169.254')).toThrow(/metadata/);
  });

  it('rejects malformed allow-list entries at startup', () => {
    expect(() => parseEnv('test', egressEnvSchema, { EGRESS_ALLOWED_HOSTS: 'http://x.example' })).toThrow(/EGRESS_ALLOWED_HOSTS/);
    expect(() => parseEnv('test', egressEnvSchema, { EGRESS_ALLOWED_HOSTS: '10.0.0.0/33' })).toThrow(/EGRESS_ALLOWED_HOSTS/);
    expect(parseEnv('test', egressEnvSchema, {})).toEqual({ EGRESS_ALLOW_LOOPBACK: false, EGRESS_ALLOWED_HOSTS: [] });
  });
});

describe('egress guard: request-time resolution', () => {
  it('lookup refuses a name that resolves to a denied address (DNS rebinding)', async () => {
    const guard = createEgressGuard(STRICT);
    const error = await new Promise<unknown>((resolve) => guard.lookup('localhost', {}, (err) => resolve(err)));
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect((error as EgressDeniedError).reason).toBe('loopback');
  });

  it('lookup answers in both callback shapes when the address is allowed', async () => {
    const guard = createEgressGuard({ ...STRICT, allowLoopback: true });
    const single = await new Promise<unknown[]>((resolve) => guard.lookup('localhost', { family: 4 }, (...args) => resolve(args)));
    expect(single).toEqual([null, '127.0.0.1', 4]);
    const all = await new Promise<unknown[]>((resolve) => guard.lookup('localhost', { family: 4, all: true }, (...args) => resolve(args)));
    expect(all).toEqual([null, [{ address: '127.0.0.1', family: 4 }]]);
  });

  it('assertUrlResolvesToAllowed checks resolved addresses', async () => {
    await expect(createEgressGuard(STRICT).assertUrlResolvesToAllowed('http://localhost:1/')).rejects.toThrow(EgressDeniedError);
    await expect(createEgressGuard({ ...STRICT, allowLoopback: true }).assertUrlResolvesToAllowed('http://localhost:1/')).resolves.toBeUndefined();
  });

  describe('through an undici agent', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/redirect-private') {
          res.writeHead(302, { location: 'http://10.255.255.1/' }).end();
          return;
        }
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('refuses to connect to loopback by default, by IP and by name', async () => {
      const agent = createGuardedAgent(createEgressGuard(STRICT));
      try {
        for (const host of ['127.0.0.1', 'localhost']) {
          const failure = await fetch(`http://${host}:${port}/`, { dispatcher: agent }).catch((e: unknown) => e);
          expect((failure as { cause?: unknown }).cause).toBeInstanceOf(EgressDeniedError);
        }
      } finally {
        await agent.close();
      }
    });

    it('connects when loopback is allowed, and refuses a redirect to a private address', async () => {
      const agent = createGuardedAgent(createEgressGuard({ ...STRICT, allowLoopback: true }));
      try {
        const ok = await fetch(`http://localhost:${port}/`, { dispatcher: agent });
        expect(await ok.text()).toBe('ok');
        const failure = await fetch(`http://127.0.0.1:${port}/redirect-private`, { dispatcher: agent }).catch((e: unknown) => e);
        expect((failure as { cause?: { reason?: string } }).cause).toMatchObject({ reason: 'private' });
      } finally {
        await agent.close();
      }
    });
  });
});
