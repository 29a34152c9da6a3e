import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { openAiChatCompletionSchema, type OpenAiChatCompletion } from '@sluice/contracts';
import { toVectorLiteral } from './vector-literal';
import { jsonbText } from './jsonb-text';

/** Candidates the HNSW index examines per lookup (pgvector's default is 40). */
export const HNSW_EF_SEARCH = 100;
/**
 * Nearest entries by Hamming distance of the binary-quantised embeddings that are re-ranked by the
 * exact cosine distance (the bits alone confuse close neighbours; 40 leaves a wide margin).
 */
export const RERANK_CANDIDATES = 40;

const uuid = z.uuid();
const scopeSchema = z.object({
  orgId: uuid,
  teamId: uuid.nullable(),
  model: z.string().min(1).max(200),
  scopeHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SemanticScope = z.output<typeof scopeSchema>;

const lookupSchema = scopeSchema.extend({ threshold: z.number().min(0).max(1) });
export type SemanticLookup = SemanticScope & { embedding: readonly number[]; threshold: number };

const insertSchema = scopeSchema.extend({
  id: uuid,
  response: openAiChatCompletionSchema,
  promptChars: z.number().int().nonnegative(),
  ttlSeconds: z.number().int().positive(),
  maxEntriesPerScope: z.number().int().positive().optional(),
});
export type SemanticInsert = z.input<typeof insertSchema> & { embedding: readonly number[] };

export interface SemanticHit {
  id: string;
  similarity: number;
  completion: OpenAiChatCompletion;
  createdAt: Date;
}

const rowSchema = z.object({ id: z.string(), similarity: z.coerce.number(), response: z.unknown(), created_at: z.date() });

/** `team_id = $2`, or `team_id IS NULL` for org-level entries (the indexable spelling of IS NOT DISTINCT FROM). */
function teamClause(teamId: string | null, param: string): string {
  return teamId === null ? 'team_id IS NULL' : `team_id = ${param}`;
}

/**
 * The semantic cache on pgvector. Every read is confined to one scope in SQL — org, team, model
 * and scope hash must all be equal and the entry unexpired — before any distance is computed, so
 * no lookup can cross a tenant, a model or a system-prompt/tool setup.
 */
export class SemanticCache {
  constructor(private readonly pool: Pool) {}

  /**
   * The nearest live entry in the scope if its cosine similarity is ≥ threshold, else null. One
   * statement: `semantic_cache_nearest` (migration 1764100001560) applies the scope filter and the
   * `hnsw.*` settings for this call only, picks candidates on the binary-quantised index and
   * re-ranks them by the exact cosine distance.
   */
  async lookup(query: SemanticLookup): Promise<SemanticHit | null> {
    const scope = lookupSchema.parse(query);
    const vector = toVectorLiteral(query.embedding);
    const { rows } = await this.pool.query(
      'SELECT id, similarity, response, created_at FROM semantic_cache_nearest($1, $2, $3, $4, $5::vector, $6, $7)',
      [scope.orgId, scope.teamId, scope.model, scope.scopeHash, vector, HNSW_EF_SEARCH, RERANK_CANDIDATES],
    );
    if (rows.length === 0) return null;
    const row = rowSchema.parse(rows[0]);
    if (!(row.similarity >= scope.threshold)) return null;
    const completion = openAiChatCompletionSchema.safeParse(row.response);
    if (!completion.success) return null; // a corrupt entry is a miss
    return { id: row.id, similarity: row.similarity, completion: completion.data, createdAt: row.created_at };
  }

  /**
   * Inserts an entry (idempotent on `id`: a redelivered write is a no-op). With `maxEntriesPerScope`,
   * the oldest entries of the scope beyond it are evicted in the same transaction. Returns whether a row was added.
   */
  async insert(entry: SemanticInsert): Promise<boolean> {
    const data = insertSchema.parse(entry);
    const vector = toVectorLiteral(entry.embedding);
    return this.inTransaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO semantic_cache_entries (id, org_id, team_id, model, scope_hash, embedding, response, prompt_chars, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6::vector, $7::jsonb, $8, now() + make_interval(secs => $9))
         ON CONFLICT (id) DO NOTHING`,
        [data.id, data.orgId, data.teamId, data.model, data.scopeHash, vector, jsonbText(data.response), data.promptChars, data.ttlSeconds],
      );
      if (data.maxEntriesPerScope !== undefined && inserted.rowCount === 1) {
        const params: unknown[] = [data.orgId, data.model, data.scopeHash, data.maxEntriesPerScope];
        if (data.teamId !== null) params.push(data.teamId);
        await client.query(
          `DELETE FROM semantic_cache_entries WHERE id IN (
             SELECT id FROM semantic_cache_entries
              WHERE org_id = $1 AND ${teamClause(data.teamId, '$5')} AND model = $2 AND scope_hash = $3
              ORDER BY created_at DESC, id DESC OFFSET $4)`,
          params,
        );
      }
      return inserted.rowCount === 1;
    });
  }

  /**
   * Deletes a scope's entries: the whole org when `teamId` is omitted, only org-level entries for
   * `null`, one team's for a uuid. Returns how many rows went.
   */
  async purgeScope(scope: { orgId: string; teamId?: string | null }): Promise<number> {
    const orgId = uuid.parse(scope.orgId);
    if (scope.teamId === undefined) {
      return (await this.pool.query('DELETE FROM semantic_cache_entries WHERE org_id = $1', [orgId])).rowCount ?? 0;
    }
    if (scope.teamId === null) {
      return (await this.pool.query('DELETE FROM semantic_cache_entries WHERE org_id = $1 AND team_id IS NULL', [orgId])).rowCount ?? 0;
    }
    const teamId = uuid.parse(scope.teamId);
    return (await this.pool.query('DELETE FROM semantic_cache_entries WHERE org_id = $1 AND team_id = $2', [orgId, teamId])).rowCount ?? 0;
  }

  /** Deletes up to `batchSize` expired entries (concurrent sweepers skip each other's rows). Returns the count. */
  async deleteExpired(batchSize: number): Promise<number> {
    const limit = z.number().int().positive().parse(batchSize);
    const result = await this.pool.query(
      `DELETE FROM semantic_cache_entries WHERE id IN (
         SELECT id FROM semantic_cache_entries WHERE expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [limit],
    );
    return result.rowCount ?? 0;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
