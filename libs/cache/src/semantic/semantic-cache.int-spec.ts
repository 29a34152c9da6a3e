import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { OpenAiChatCompletion, OpenAiChatRequest } from '@sluice/contracts';
import { createTestDatabase, startMockProvider, type MockProviderProcess, type TestDatabase } from '@sluice/testing';
import { EmbeddingError, OpenAiCompatibleEmbedder } from './openai-compatible-embedder';
import { SemanticCache } from './semantic-cache';
import { scopeHashOf, semanticPromptOf } from './semantic-prompt';

const THRESHOLD = 0.75;
const ORIGINAL = 'What is the capital city of France?';
const PARAPHRASE = 'Tell me the capital city of France';
const UNRELATED = 'How do I bake sourdough bread at home?';

let db: TestDatabase;
let pool: Pool;
let mock: MockProviderProcess;
let embedder: OpenAiCompatibleEmbedder;
let cache: SemanticCache;
const orgA = randomUUID();
const orgB = randomUUID();
const teamA1 = randomUUID();
const teamA2 = randomUUID();
const teamB1 = randomUUID();

const chat = (question: string, system = 'You are a geography tutor.', extra: Partial<OpenAiChatRequest> = {}): OpenAiChatRequest => ({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ],
  ...extra,
});
const completion = (content: string): OpenAiChatCompletion => ({
  id: `chatcmpl-${randomUUID()}`,
  object: 'chat.completion',
  created: 1_764_100_000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});
const embed = async (text: string) => (await embedder.embed([text]))[0];

async function store(orgId: string, teamId: string | null, request: OpenAiChatRequest, answer: string, ttlSeconds = 600, maxEntriesPerScope?: number) {
  const prompt = semanticPromptOf(request) ?? '';
  await cache.insert({
    id: randomUUID(),
    orgId,
    teamId,
    model: request.model,
    scopeHash: scopeHashOf(request),
    embedding: await embed(prompt),
    response: completion(answer),
    promptChars: prompt.length,
    ttlSeconds,
    maxEntriesPerScope,
  });
}

async function find(orgId: string, teamId: string | null, request: OpenAiChatRequest, threshold = THRESHOLD) {
  return cache.lookup({ orgId, teamId, model: request.model, scopeHash: scopeHashOf(request), embedding: await embed(semanticPromptOf(request) ?? ''), threshold });
}

beforeAll(async () => {
  [db, mock] = await Promise.all([createTestDatabase(), startMockProvider()]);
  pool = new Pool({ connectionString: db.url, max: 4 });
  await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'A', $3), ($2, 'B', $4)`, [orgA, orgB, `a-${orgA.slice(0, 8)}`, `b-${orgB.slice(0, 8)}`]);
  await pool.query(`INSERT INTO teams (id, org_id, name) VALUES ($1, $4, 'one'), ($2, $4, 'two'), ($3, $5, 'one')`, [teamA1, teamA2, teamB1, orgA, orgB]);
  embedder = new OpenAiCompatibleEmbedder({ baseUrl: mock.openAiBaseUrl, apiKey: 'sk-test', model: 'text-embedding-3-small' });
  cache = new SemanticCache(pool);
  await store(orgA, teamA1, chat(ORIGINAL), 'Paris.');
});

afterAll(async () => {
  await pool?.end();
  await Promise.all([db?.drop(), mock?.stop()]);
});

describe('OpenAiCompatibleEmbedder (mock provider)', () => {
  it('returns unit vectors of the configured size, paraphrases closer than unrelated text', async () => {
    const [a, b, c] = await embedder.embed([ORIGINAL, PARAPHRASE, UNRELATED]);
    expect(a).toHaveLength(1536);
    const dot = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * y[i], 0);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect(dot(a, b)).toBeGreaterThan(THRESHOLD);
    expect(dot(a, c)).toBeLessThan(0.3);
  });

  it('asks for the configured dimensions and rejects a size mismatch', async () => {
    const small = new OpenAiCompatibleEmbedder({ baseUrl: mock.openAiBaseUrl, apiKey: 'k', model: 'text-embedding-3-small', dimensions: 256 });
    expect((await small.embed(['x']))[0]).toHaveLength(256);
    await expect(cache.lookup({ orgId: orgA, teamId: teamA1, model: 'm', scopeHash: 'a'.repeat(64), embedding: (await small.embed(['x']))[0], threshold: 0.5 })).rejects.toThrow(/256 dimensions/);
  });

  it('reports unreachable upstreams as retryable errors', async () => {
    const down = new OpenAiCompatibleEmbedder({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k', model: 'e', timeoutMs: 2000 });
    const failure = await down.embed(['x']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EmbeddingError);
    expect(failure).toMatchObject({ retryable: true, status: null });
  });
});

describe('SemanticCache tenant isolation (real Postgres + pgvector)', () => {
  it('hits the same org and team for the identical and the paraphrased prompt', async () => {
    const identical = await find(orgA, teamA1, chat(ORIGINAL));
    expect(identical?.completion.choices[0].message.content).toBe('Paris.');
    expect(identical?.similarity).toBeCloseTo(1, 5);
    const paraphrased = await find(orgA, teamA1, chat(PARAPHRASE));
    expect(paraphrased?.completion.choices[0].message.content).toBe('Paris.');
    expect(paraphrased?.similarity).toBeLessThan(1);
  });

  it('stores an answer containing U+0000 or a split surrogate pair (which jsonb refuses) with U+FFFD in their place, instead of failing the write', async () => {
    const orgC = randomUUID();
    await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'C', $2)`, [orgC, `c-${orgC.slice(0, 8)}`]);
    const question = chat('Spell the null character');
    await store(orgC, null, question, 'It is \u0000, and this emoji is cut: \ud83d');
    expect((await find(orgC, null, question))?.completion.choices[0].message.content).toBe('It is \uFFFD, and this emoji is cut: \uFFFD');
  });

  it('misses unrelated prompts, and paraphrases when the client raised the threshold above their similarity', async () => {
    expect(await find(orgA, teamA1, chat(UNRELATED))).toBeNull();
    expect(await find(orgA, teamA1, chat(PARAPHRASE), 0.999)).toBeNull();
  });

  it.each<[string, () => [string, string | null, OpenAiChatRequest]]>([
    ['another team of the same org', () => [orgA, teamA2, chat(ORIGINAL)]],
    ['the org level of the same org', () => [orgA, null, chat(ORIGINAL)]],
    ['another org (team of the same name)', () => [orgB, teamB1, chat(ORIGINAL)]],
    ['another model', () => [orgA, teamA1, { ...chat(ORIGINAL), model: 'gpt-4o' }]],
    ['another system prompt', () => [orgA, teamA1, chat(ORIGINAL, 'You are a pirate.')]],
    ['another tool set', () => [orgA, teamA1, chat(ORIGINAL, undefined, { tools: [{ type: 'function', function: { name: 'lookup_city' } }] })]],
    ['another response format', () => [orgA, teamA1, chat(ORIGINAL, undefined, { response_format: { type: 'json_object' } })]],
  ])('gives zero hits to %s, for identical and paraphrased prompts, even at threshold 0', async (_name, target) => {
    const [orgId, teamId, request] = target();
    for (const question of [ORIGINAL, PARAPHRASE]) {
      const req = { ...request, messages: request.messages.map((m) => (m.role === 'user' ? { ...m, content: question } : m)) };
      expect(await find(orgId, teamId, req, 0)).toBeNull();
    }
  });

  it('never returns expired entries and deletes them in batches', async () => {
    const org = randomUUID();
    await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'E', $2)`, [org, `e-${org.slice(0, 8)}`]);
    await store(org, null, chat(ORIGINAL), 'soon gone', 1);
    await store(org, null, chat(UNRELATED), 'also gone', 1);
    expect(await find(org, null, chat(ORIGINAL))).not.toBeNull();
    await pool.query('UPDATE semantic_cache_entries SET expires_at = now() - interval \'1 second\' WHERE org_id = $1', [org]);
    expect(await find(org, null, chat(ORIGINAL))).toBeNull();
    expect(await cache.deleteExpired(1)).toBe(1);
    expect(await cache.deleteExpired(100)).toBe(1);
    expect(await cache.deleteExpired(100)).toBe(0);
    expect(await find(orgA, teamA1, chat(ORIGINAL))).not.toBeNull();
  });

  it('purges one team, the org level, or a whole org and nothing else', async () => {
    await store(orgA, teamA2, chat(ORIGINAL), 'team two');
    await store(orgA, null, chat(ORIGINAL), 'org level');
    await store(orgB, teamB1, chat(ORIGINAL), 'org B');
    expect(await cache.purgeScope({ orgId: orgA, teamId: teamA2 })).toBe(1);
    expect(await find(orgA, teamA2, chat(ORIGINAL))).toBeNull();
    expect(await find(orgA, null, chat(ORIGINAL))).not.toBeNull();
    expect(await cache.purgeScope({ orgId: orgA, teamId: null })).toBe(1);
    expect(await find(orgA, teamA1, chat(ORIGINAL))).not.toBeNull();
    expect(await cache.purgeScope({ orgId: orgB })).toBe(1);
    expect(await find(orgB, teamB1, chat(ORIGINAL))).toBeNull();
    expect(await find(orgA, teamA1, chat(ORIGINAL))).not.toBeNull();
  });

  it('is idempotent on the entry id and evicts the oldest beyond maxEntriesPerScope', async () => {
    const org = randomUUID();
    await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'C', $2)`, [org, `c-${org.slice(0, 8)}`]);
    const request = chat(ORIGINAL);
    const base = { orgId: org, teamId: null, model: request.model, scopeHash: scopeHashOf(request), embedding: await embed(ORIGINAL), promptChars: 10, ttlSeconds: 60 };
    const id = randomUUID();
    expect(await cache.insert({ ...base, id, response: completion('first') })).toBe(true);
    expect(await cache.insert({ ...base, id, response: completion('first again') })).toBe(false);
    for (const answer of ['second', 'third']) {
      await cache.insert({ ...base, id: randomUUID(), response: completion(answer), maxEntriesPerScope: 2 });
    }
    const rows = await pool.query<{ answer: string }>(`SELECT response->'choices'->0->'message'->>'content' AS answer FROM semantic_cache_entries WHERE org_id = $1 ORDER BY created_at`, [org]);
    expect(rows.rows.map((r) => r.answer)).toEqual(['second', 'third']);
  });

  it('treats a corrupt stored response as a miss', async () => {
    const org = randomUUID();
    await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'D', $2)`, [org, `d-${org.slice(0, 8)}`]);
    await store(org, null, chat(ORIGINAL), 'fine');
    await pool.query(`UPDATE semantic_cache_entries SET response = '{"not":"a completion"}' WHERE org_id = $1`, [org]);
    expect(await find(org, null, chat(ORIGINAL))).toBeNull();
  });
});

describe('SemanticCache lookup on the binary-quantised HNSW index (one statement)', () => {
  // Sessions that rule out the btree + sort plan, so the scope is searched through the HNSW graph.
  let hnswPool: Pool;
  let hnswCache: SemanticCache;
  const mine = randomUUID();
  const crowd = randomUUID();
  const scopeHash = 'c'.repeat(64);
  const model = 'gpt-4o-mini';
  const myEntry = randomUUID();
  // Deterministic pseudo-random components in [-1, 1).
  const noise = (seed: number) => Array.from({ length: 1536 }, (_, i) => ((Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453) % 1));
  const query = noise(1);
  const near = (seed: number, spread: number) => {
    const offset = noise(seed);
    return query.map((v, i) => v + spread * offset[i]);
  };
  const entry = (id: string, orgId: string, embedding: number[]) =>
    ({ id, orgId, teamId: null, model, scopeHash, embedding, response: completion(`answer of ${orgId}`), promptChars: 1, ttlSeconds: 600 });

  beforeAll(async () => {
    await pool.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'Mine', $3), ($2, 'Crowd', $4)`, [mine, crowd, `m-${mine.slice(0, 8)}`, `c-${crowd.slice(0, 8)}`]);
    // 150 entries of another org in the same model and scope hash, all nearer to the query than mine:
    // more than ef_search (100), so the graph's first candidates are all filtered out.
    for (let i = 0; i < 150; i++) await cache.insert(entry(randomUUID(), crowd, near(100 + i, 0.1)));
    await cache.insert(entry(myEntry, mine, near(7, 0.8)));
    hnswPool = new Pool({ connectionString: db.url, max: 1, options: '-c enable_sort=off' });
    hnswCache = new SemanticCache(hnswPool);
  });

  afterAll(async () => {
    await hnswPool?.end();
  });

  const innerQuery = `SELECT id FROM semantic_cache_entries
     WHERE org_id = $1 AND team_id IS NULL AND model = $2 AND scope_hash = $3 AND expires_at > now()
     ORDER BY embedding_bits <~> binary_quantize($4::vector)::bit(1536) LIMIT 40`;

  it('walks past other tenants\' nearer neighbours to the scope\'s own entry (iterative scan applied inside the call)', async () => {
    const plan = await hnswPool.query(`EXPLAIN ${innerQuery}`, [mine, model, scopeHash, `[${query.join(',')}]`]);
    expect(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using semantic_cache_entries_embedding_idx/);
    // Control: the same search without an iterative scan finds nothing of this org.
    const client = await hnswPool.connect();
    try {
      await client.query('SET hnsw.iterative_scan = off');
      expect((await client.query(innerQuery, [mine, model, scopeHash, `[${query.join(',')}]`])).rows).toEqual([]);
      await client.query('RESET hnsw.iterative_scan');
    } finally {
      client.release();
    }

    const hit = await hnswCache.lookup({ orgId: mine, teamId: null, model, scopeHash, embedding: query, threshold: 0 });
    expect(hit?.id).toBe(myEntry);
    expect(hit?.completion.choices[0].message.content).toBe(`answer of ${mine}`);
    expect(await hnswCache.lookup({ orgId: mine, teamId: null, model, scopeHash: 'd'.repeat(64), embedding: query, threshold: 0 })).toBeNull();
    expect(await hnswCache.lookup({ orgId: randomUUID(), teamId: null, model, scopeHash, embedding: query, threshold: 0 })).toBeNull();
    expect(await hnswCache.lookup({ orgId: mine, teamId: teamA1, model, scopeHash, embedding: query, threshold: 0 })).toBeNull();
  });

  it('sends one statement, and the hnsw settings do not outlive it in the session', async () => {
    const client = await hnswPool.connect();
    try {
      await client.query('SET hnsw.ef_search = 7');
      const sent = jest.spyOn(client, 'query');
      const single = new SemanticCache({ query: client.query.bind(client) } as unknown as Pool);
      expect((await single.lookup({ orgId: mine, teamId: null, model, scopeHash, embedding: query, threshold: 0 }))?.id).toBe(myEntry);
      expect(sent).toHaveBeenCalledTimes(1);
      sent.mockRestore();
      const settings = await client.query(`SELECT current_setting('hnsw.ef_search') AS ef, current_setting('hnsw.iterative_scan') AS iterative`);
      expect(settings.rows[0]).toEqual({ ef: '7', iterative: 'off' });
    } finally {
      await client.query('RESET hnsw.ef_search');
      client.release();
    }
  });
});
