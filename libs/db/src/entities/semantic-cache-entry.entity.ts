import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A cached chat completion with the embedding of its prompt (libs/cache `SemanticCache` reads and
 * writes it with SQL; this entity documents the shape and keeps migrations honest).
 * The embedding has 1536 dimensions (SEMANTIC_CACHE_DIMENSIONS).
 */
@Entity({ name: 'semantic_cache_entries' })
export class SemanticCacheEntry {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @Column({ type: 'text' })
  model!: string;

  /** SHA-256 of system prompt + tools + tool_choice + response_format (`scopeHashOf`). */
  @Column({ type: 'text' })
  scopeHash!: string;

  @Column({ type: 'vector', length: 1536 })
  embedding!: string;

  /** `binary_quantize(embedding)`, kept by a trigger (migration 1764100001560); the HNSW index is on it. */
  @Column({ type: 'bit', length: 1536, insert: false, update: false, select: false })
  embeddingBits!: string;

  /** The canonical OpenAI chat completion. */
  @Column({ type: 'jsonb' })
  response!: Record<string, unknown>;

  @Column({ type: 'integer' })
  promptChars!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
