import { randomUUID } from 'node:crypto';
import { createMigratedScratchDatabase, type ScratchDatabase } from '../test-support/scratch-database';
import { SemanticCacheBinaryIndex1764100001560 } from './1764100001560-semantic-cache-binary-index';

jest.setTimeout(60_000);

const DIMENSIONS = 1536;
/** A vector literal whose component i is f(i). */
const vectorOf = (f: (i: number) => number) => `[${Array.from({ length: DIMENSIONS }, (_, i) => f(i)).join(',')}]`;
const SCOPE = 'a'.repeat(64);

describe('migration 1764100001560: binary-quantised semantic cache index', () => {
  let db: ScratchDatabase;
  const org = randomUUID();
  const otherOrg = randomUUID();

  beforeAll(async () => {
    db = await createMigratedScratchDatabase();
    await db.dataSource.query(`INSERT INTO organizations (id, name, slug) VALUES ($1, 'A', $3), ($2, 'B', $4)`, [org, otherOrg, `a-${org.slice(0, 8)}`, `b-${otherOrg.slice(0, 8)}`]);
  });

  afterAll(() => db.drop());

  const insert = (id: string, orgId: string, embedding: string) =>
    db.dataSource.query(
      `INSERT INTO semantic_cache_entries (id, org_id, team_id, model, scope_hash, embedding, response, prompt_chars, expires_at)
       VALUES ($1, $2, NULL, 'm', $3, $4::vector, '{}'::jsonb, 1, now() + interval '1 hour')`,
      [id, orgId, SCOPE, embedding],
    );
  const bitsMatch = async () =>
    (await db.dataSource.query(
      `SELECT id, embedding_bits = binary_quantize(embedding)::bit(1536) AS ok FROM semantic_cache_entries ORDER BY id`,
    )) as Array<{ id: string; ok: boolean }>;

  it('quantises existing rows, rebuilds the index on the bits, and the lookup function serves only its scope', async () => {
    const migration = new SemanticCacheBinaryIndex1764100001560();
    const runner = db.dataSource.createQueryRunner();
    const before = randomUUID();
    const theirs = randomUUID();
    try {
      await migration.down(runner);
      // Rows written in the old layout (no bits column).
      await insert(before, org, vectorOf((i) => (i % 3 === 0 ? 1 : -0.5)));
      await insert(theirs, otherOrg, vectorOf((i) => (i % 3 === 0 ? 1 : -0.5)));
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await bitsMatch()).toEqual([before, theirs].sort().map((id) => ({ id, ok: true })));
    const [index] = (await db.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'semantic_cache_entries_embedding_idx'`)) as Array<{ indexdef: string }>;
    expect(index.indexdef).toMatch(/USING hnsw \(embedding_bits bit_hamming_ops\)/);

    const query = vectorOf((i) => (i % 3 === 0 ? 0.9 : -0.5));
    const nearest = (orgId: string) =>
      db.dataSource.query(`SELECT id, similarity FROM semantic_cache_nearest($1, NULL, 'm', $2, $3::vector, 100, 40)`, [orgId, SCOPE, query]) as Promise<
        Array<{ id: string; similarity: number }>
      >;
    const [hit] = await nearest(org);
    expect(hit.id).toBe(before);
    expect(hit.similarity).toBeGreaterThan(0.99);
    expect((await nearest(otherOrg)).map((r) => r.id)).toEqual([theirs]);
    expect(await nearest(randomUUID())).toEqual([]);
  });

  it('keeps the bits in step with the embedding on insert and update, whatever the writer sets', async () => {
    const id = randomUUID();
    await insert(id, org, vectorOf((i) => (i % 2 === 0 ? 1 : -1)));
    await db.dataSource.query(`UPDATE semantic_cache_entries SET embedding = $2::vector WHERE id = $1`, [id, vectorOf((i) => (i % 2 === 0 ? -1 : 1))]);
    await db.dataSource.query(`UPDATE semantic_cache_entries SET embedding_bits = repeat('1', 1536)::bit(1536) WHERE id = $1`, [id]);
    expect((await bitsMatch()).every((r) => r.ok)).toBe(true);
    const [row] = (await db.dataSource.query(`SELECT substring(embedding_bits::text, 1, 4) AS head FROM semantic_cache_entries WHERE id = $1`, [id])) as Array<{ head: string }>;
    expect(row.head).toBe('0101');
  });
});
