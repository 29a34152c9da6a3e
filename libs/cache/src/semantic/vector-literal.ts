import { SEMANTIC_CACHE_DIMENSIONS } from '@sluice/contracts';

/** pgvector's text form `[x,y,…]`, after checking the size and that every value is finite. */
export function toVectorLiteral(embedding: readonly number[], dimensions: number = SEMANTIC_CACHE_DIMENSIONS): string {
  if (embedding.length !== dimensions) throw new RangeError(`embedding has ${embedding.length} dimensions, expected ${dimensions}`);
  for (const value of embedding) {
    if (!Number.isFinite(value)) throw new RangeError('embedding contains a non-finite value');
  }
  return `[${embedding.join(',')}]`;
}
