import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRedisPrefix, freePort, sendRaw, spawnService, startMockProvider, type MockProviderProcess, type RawRequest, type RawResponse, type SpawnedService, type TestRedisNamespace } from '@sluice/testing';
import { gatewayHostileCorpus } from './gateway-hostile-corpus';

const GATEWAY_ENTRY = join(__dirname, '..', '..', 'dist', 'main.js');
const KEY = 'sk-sluice-hostile0123456789abcdefghijklmnopq';
const MODEL = 'hostile-model';
const EMBEDDING_MODEL = 'hostile-embedding';
// The slow-body cases wait for this deadline (30 s by default; receive-deadline.int-spec covers the setting).
const RECEIVE_DEADLINE_MS = 5000;

function config(mockUrl: string): string {
  return `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mockUrl}/v1, api_key: upstream-key }
models:
  - name: ${MODEL}
    prices: { input_per_1m: 1, output_per_1m: 2 }
    deployments: [{ provider: mock, model: ${MODEL} }]
  - name: ${EMBEDDING_MODEL}
    deployments: [{ provider: mock, model: text-embedding-3-small }]
cache: { mode: exact, ttlSeconds: 60 }
guardrails:
  pii: { action: redact }
  injection: { action: flag }
keys:
  - { name: hostile, key: ${KEY}, limits: { rpm: 1000000, tpm: 1000000000 }, budget: { amountUsd: 100000, period: monthly } }
`;
}

function rssBytes(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** The answer is an error in the format of the API the path belongs to (OpenAI or Anthropic). */
function inOwnFormat(path: string, res: RawResponse): boolean {
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return false;
  }
  const error = (body as { error?: { message?: unknown; type?: unknown } }).error;
  const wellFormed = typeof error?.message === 'string' && typeof error.type === 'string';
  // A body that never finishes arriving is refused by the HTTP server before the path is known to
  // the app: that 408 is in the OpenAI format on every path.
  if (res.status === 408) return wellFormed;
  return path.startsWith('/v1/messages') ? wellFormed && (body as { type?: unknown }).type === 'error' : wellFormed;
}

async function runAll(origin: string, corpus: RawRequest[], concurrency: number) {
  const outcomes: Array<{ request: RawRequest; res?: RawResponse; error?: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < corpus.length) {
        const request = corpus[next++] as RawRequest;
        try {
          outcomes.push({ request, res: await sendRaw(origin, request) });
        } catch (error) {
          outcomes.push({ request, error: (error as Error).message });
        }
      }
    }),
  );
  return outcomes;
}

describe('hostile input against a gateway process', () => {
  let mock: MockProviderProcess;
  let redis: TestRedisNamespace;
  let gateway: SpawnedService;

  beforeAll(async () => {
    mock = await startMockProvider();
    redis = createTestRedisPrefix();
    const dir = mkdtempSync(join(tmpdir(), 'sluice-hostile-'));
    writeFileSync(join(dir, 'sluice.yaml'), config(mock.url));
    const port = await freePort();
    gateway = await spawnService({
      name: 'gateway',
      entry: GATEWAY_ENTRY,
      env: { ...process.env, SLUICE_CONFIG: join(dir, 'sluice.yaml'), GATEWAY_PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, SLUICE_KEY_PEPPER: 'hostile-test-pepper-0123456789', LOG_LEVEL: 'error', USAGE_SPOOL_DIR: join(dir, 'spool'), REQUEST_RECEIVE_TIMEOUT_MS: String(RECEIVE_DEADLINE_MS) },
      url: `http://127.0.0.1:${port}`,
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await mock?.stop();
    await redis?.flush();
  });

  it('answers ≥ 2,000 malformed and adversarial requests with 4xx in its own format, never 5xx, and stays up', async () => {
    const valid = (): RawRequest => ({
      name: 'valid',
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: `warm up ${Math.random()}` }] }),
    });
    await runAll(gateway.url, Array.from({ length: 300 }, valid), 8);
    const pid = gateway.process.pid as number;
    const baseline = rssBytes(pid);

    const corpus = gatewayHostileCorpus(KEY, MODEL, EMBEDDING_MODEL);
    expect(corpus.length).toBeGreaterThanOrEqual(2000);
    const outcomes = await runAll(gateway.url, corpus, 32);

    const problems: string[] = [];
    let refused = 0;
    let passed = 0;
    for (const { request, res, error } of outcomes) {
      if (!res) problems.push(`${request.name}: ${error}`);
      else if (res.status >= 500) problems.push(`${request.name}: ${res.status} ${res.body.slice(0, 200)}`);
      else if (res.status >= 400) {
        if (inOwnFormat(request.path, res)) refused += 1;
        else problems.push(`${request.name}: ${res.status} not in the API's error format: ${res.body.slice(0, 200)}`);
      } else if (request.mayPass) passed += 1;
      else problems.push(`${request.name}: expected a refusal, got ${res.status}`);
    }
    expect(problems).toEqual([]);

    // Still serving, and memory back near where it was.
    const after = await sendRaw(gateway.url, valid());
    expect(after.status).toBe(200);
    expect(gateway.process.exitCode).toBeNull();
    await new Promise((r) => setTimeout(r, 2000));
    const growth = rssBytes(pid) - baseline;
    console.log(
      `${corpus.length.toLocaleString('en')} hostile requests to the gateway: ${refused} refused in its error format (parser and routing refusals included), ${passed} valid-but-nasty served, 0 5xx, 0 crashes; RSS ${(baseline / 2 ** 20).toFixed(0)} → ${((baseline + growth) / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(growth).toBeLessThan(128 * 2 ** 20);
  }, 300_000);
});
