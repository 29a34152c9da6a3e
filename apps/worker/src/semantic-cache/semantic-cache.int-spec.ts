import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { Queue } from 'bullmq';
import { QueueName, SEMANTIC_CACHE_WRITES_DEAD_QUEUE, workerEnvSchema, type DeadLetterJob, type OpenAiChatRequest, type WorkerEnv } from '@sluice/contracts';
import { OpenAiCompatibleEmbedder, scopeHashOf, SemanticCache, SemanticCacheQueue, semanticPromptOf } from '@sluice/cache';
import { createLogger } from '@sluice/observability';
import { createTestDatabase, createTestRedisPrefix, startMockProvider, type MockProviderProcess, type TestDatabase, waitFor } from '@sluice/testing';
import { startSemanticCacheIndexer, type SemanticCacheIndexer } from './semantic-cache.worker';

const ns = createTestRedisPrefix();
let db: TestDatabase;
let mock: MockProviderProcess;
let pool: Pool;
let connection: Redis;
let indexer: SemanticCacheIndexer | null;
let producer: SemanticCacheQueue;
const orgId = randomUUID();
const teamId = randomUUID();
const otherTeamId = randomUUID();

const request: OpenAiChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a geography tutor.' },
    { role: 'user', content: 'What is the capital city of France?' },
  ],
};
const completion = {
  id: 'chatcmpl-worker',
  object: 'chat.completion' as const,
  created: 1_764_100_000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant' as const, content: 'Paris.' }, finish_reason: 'stop' as const }],
};

function config(overrides: Partial<Record<string, string>> = {}): WorkerEnv {
  return workerEnvSchema.parse({
    DATABASE_URL: db.url,
    REDIS_URL: ns.url,
    QUEUE_PREFIX: ns.prefix,
    LOG_LEVEL: 'silent',
    SEMANTIC_CACHE_EMBEDDINGS_URL: mock.openAiBaseUrl,
    SEMANTIC_CACHE_EMBEDDINGS_KEY: 'sk-worker-test',
    SEMANTIC_CACHE_EMBEDDING_MODEL: 'text-embedding-3-small',
    SEMANTIC_CACHE_EXPIRY_INTERVAL_MS: '1000',
    ...overrides,
  });
}

const until = <T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15000) => waitFor(probe, { timeoutMs });

beforeAll(async () => {
  [db, mock] = await Promise.all([createTestDatabase(), startMockProvider()]);
  pool = new Pool({ connectionString: db.url, max: 4 });
  await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'W', $2)`, [orgId, `w-${orgId.slice(0, 8)}`]);
  await pool.query(`INSERT INTO teams (id, org_id, name) VALUES ($1, $3, 'one'), ($2, $3, 'two')`, [teamId, otherTeamId, orgId]);
  connection = new Redis(ns.url, { maxRetriesPerRequest: null });
  indexer = await startSemanticCacheIndexer(config(), pool, connection, createLogger('worker-test', 'silent'));
  producer = new SemanticCacheQueue(connection, ns.prefix);
});

afterAll(async () => {
  await indexer?.close();
  await producer?.close();
  connection?.disconnect();
  await pool?.end();
  await Promise.all([db?.drop(), mock?.stop(), ns.flush()]);
});

describe('semantic-cache-writes worker (real Redis, Postgres, mock embeddings)', () => {
  it('is off unless URL, key and model are all configured', async () => {
    const logger = createLogger('worker-test', 'silent');
    expect(await startSemanticCacheIndexer(config({ SEMANTIC_CACHE_EMBEDDING_MODEL: undefined }), pool, connection, logger)).toBeNull();
  });

  it('indexes a queued write once, after which a paraphrase hits in the same scope only', async () => {
    const entryId = randomUUID();
    const job = {
      entryId,
      requestId: 'req-1',
      orgId,
      teamId,
      model: request.model,
      scopeHash: scopeHashOf(request),
      prompt: semanticPromptOf(request) ?? '',
      response: completion,
      ttlSeconds: 600,
    };
    await producer.enqueueWrite(job);
    await producer.enqueueWrite(job); // same job id: indexed once
    await until(async () => (await pool.query('SELECT 1 FROM semantic_cache_entries WHERE id = $1', [entryId])).rowCount === 1);

    const embedder = new OpenAiCompatibleEmbedder({ baseUrl: mock.openAiBaseUrl, apiKey: 'k', model: 'text-embedding-3-small' });
    const [paraphrase] = await embedder.embed(['Tell me the capital city of France']);
    const cache = new SemanticCache(pool);
    const scope = { orgId, model: request.model, scopeHash: scopeHashOf(request), embedding: paraphrase, threshold: 0.75 };
    expect((await cache.lookup({ ...scope, teamId }))?.completion.choices[0].message.content).toBe('Paris.');
    expect(await cache.lookup({ ...scope, teamId: otherTeamId, threshold: 0 })).toBeNull();
    expect((await pool.query('SELECT count(*)::int AS n FROM semantic_cache_entries')).rows[0].n).toBe(1);
  });

  it('purges a scope and sweeps expired entries on its schedule', async () => {
    await producer.enqueuePurge({ orgId, teamId });
    await until(async () => (await pool.query('SELECT 1 FROM semantic_cache_entries WHERE team_id = $1', [teamId])).rowCount === 0);

    const entryId = randomUUID();
    await producer.enqueueWrite({ entryId, requestId: 'req-2', orgId, teamId: otherTeamId, model: request.model, scopeHash: scopeHashOf(request), prompt: 'short lived', response: completion, ttlSeconds: 1 });
    await until(async () => (await pool.query('SELECT 1 FROM semantic_cache_entries WHERE id = $1', [entryId])).rowCount === 1);
    await until(async () => (await pool.query('SELECT 1 FROM semantic_cache_entries WHERE id = $1', [entryId])).rowCount === 0, 10_000);
  });

  it('moves a malformed job to the semantic-cache dead-letter queue with its reason', async () => {
    const raw = new Queue(QueueName.SemanticCacheWrites, { connection, prefix: ns.prefix });
    const dead = new Queue<DeadLetterJob>(SEMANTIC_CACHE_WRITES_DEAD_QUEUE, { connection, prefix: ns.prefix });
    try {
      const jobId = `bad-${randomUUID()}`;
      await raw.add('write', { entryId: 'not-a-uuid' }, { jobId });
      const entry = await until(async () => (await dead.getJob(`dead-${jobId}`))?.data);
      expect(entry).toMatchObject({ queue: QueueName.SemanticCacheWrites, jobId, kind: 'malformed', payload: { entryId: 'not-a-uuid' } });
      expect(entry.reason).toMatch(/^malformed write job: entryId/);
    } finally {
      await raw.close();
      await dead.close();
    }
  });
});
