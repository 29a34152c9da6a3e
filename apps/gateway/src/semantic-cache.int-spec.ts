import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import OpenAI from 'openai';
import { Pool } from 'pg';
import {
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  spawnService,
  startMockProvider,
  type MockProviderProcess,
  type SpawnedService,
  type TestDatabase,
  type TestRedisNamespace,
} from '@sluice/testing';
import { loadGatewayConfig } from './config/gateway-config';
import { createGatewayApp } from './main';
import { stableId } from './snapshot/standalone/stable-id';

const ALPHA_KEY = 'sk-sluice-semanticalpha0123456789abcdefghijk';
const BETA_KEY = 'sk-sluice-semanticbeta00123456789abcdefghijk';
const INDEXER_KEY = 'sk-sluice-semanticindex0123456789abcdefghijk';
const WORKER_ENTRY = join(__dirname, '..', '..', 'worker', 'dist', 'main.js');

describe('semantic response cache: gateway + worker indexer + pgvector (real processes)', () => {
  let mock: MockProviderProcess;
  let redis: TestRedisNamespace;
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let worker: SpawnedService;
  let pool: Pool;
  let client: (key: string) => OpenAI;

  beforeAll(async () => {
    [mock, redis, database] = await Promise.all([startMockProvider(), createTestRedisPrefix(), createTestDatabase()]);
    const dir = mkdtempSync(join(tmpdir(), 'sluice-semantic-'));
    const file = join(dir, 'sluice.yaml');
    const policy = '{ mode: exact+semantic, ttlSeconds: 600, semantic: { embeddingModel: embedder, threshold: 0.75 } }';
    writeFileSync(
      file,
      `
version: 1
providers:
  - { name: mock, type: openai, base_url: ${mock.url}/v1, api_key: k }
models:
  - name: chat
    deployments: [{ provider: mock, model: chat }]
  - name: embedder
    deployments: [{ provider: mock, model: text-embedding-3-small }]
teams:
  - { name: alpha, cache: ${policy} }
  - { name: beta, cache: ${policy} }
keys:
  - { name: alpha, key: ${ALPHA_KEY}, team: alpha }
  - { name: beta, key: ${BETA_KEY}, team: beta }
  - { name: indexer, key: ${INDEXER_KEY}, team: platform, allowed_models: [embedder] }
`,
    );
    const env = { SLUICE_CONFIG: file, DATABASE_URL: database.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'silent', USAGE_SPOOL_DIR: join(dir, 'spool') };
    app = await createGatewayApp(loadGatewayConfig(env, []));
    await app.listen(0, '127.0.0.1');
    const gatewayUrl = await app.getUrl();
    client = (key) => new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: key, maxRetries: 0 });
    const workerPort = await freePort();
    worker = await spawnService({
      name: 'worker',
      entry: WORKER_ENTRY,
      url: `http://127.0.0.1:${workerPort}`,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        QUEUE_PREFIX: redis.prefix,
        WORKER_HEALTH_PORT: String(workerPort),
        LOG_LEVEL: 'warn',
        SEMANTIC_CACHE_EMBEDDINGS_URL: `${gatewayUrl}/v1`,
        SEMANTIC_CACHE_EMBEDDINGS_KEY: INDEXER_KEY,
        SEMANTIC_CACHE_EMBEDDING_MODEL: 'embedder',
      },
    });
    pool = new Pool({ connectionString: database.url, max: 1 });
    // Semantic entries belong to organizations and teams of the database (they are deleted with them);
    // register the standalone file's org and teams there, as the admin API does for its own.
    const org = stableId('org', 'standalone');
    await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'Standalone', 'standalone')`, [org]);
    for (const team of ['alpha', 'beta', 'platform']) {
      await pool.query('INSERT INTO teams (id, org_id, name) VALUES ($1, $2, $3)', [stableId('team', `standalone/${team}`), org, team]);
    }
  }, 90_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await pool?.end();
    await mock?.stop();
    await redis?.flush();
    await database?.drop();
  });

  const chatCalls = async () => (await mock.stats()).models['chat']?.requests ?? 0;
  const ask = (key: string, content: string) => client(key).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content }] }).withResponse();

  it('indexes an answer and serves a paraphrase from it, for the same team only', async () => {
    const first = await ask(ALPHA_KEY, 'What is the capital city of France?');
    expect(first.response.headers.get('x-sluice-cache')).toBe('miss');
    for (let i = 0; i < 100; i++) {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM semantic_cache_entries');
      if (rows[0].n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const before = await chatCalls();
    const paraphrase = await ask(ALPHA_KEY, 'what is the capital city of france');
    expect(paraphrase.response.headers.get('x-sluice-cache')).toBe('semantic-hit');
    expect(paraphrase.data.choices[0].message.content).toBe(first.data.choices[0].message.content);
    expect(await chatCalls()).toBe(before);

    const otherTeam = await ask(BETA_KEY, 'what is the capital city of france');
    expect(otherTeam.response.headers.get('x-sluice-cache')).toBe('miss');
    expect(await chatCalls()).toBe(before + 1);
  });

  it('does not answer an unrelated prompt from the cache', async () => {
    const unrelated = await ask(ALPHA_KEY, 'Write a haiku about winter mountains');
    expect(unrelated.response.headers.get('x-sluice-cache')).toBe('miss');
  });
});
