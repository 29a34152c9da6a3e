import { z } from 'zod';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Problem } from '../errors/problem';

/** A sortable field: the entity property (for ORDER BY) and its table and column (for the cursor's keyset comparison). */
export interface SortField {
  property: string;
  table: string;
  column: string;
}

/** `?sort=name` ascending, `?sort=-name` descending. */
export function sortSchema<const F extends string>(fields: readonly [F, ...F[]], fallback: F | `-${F}`) {
  const values = fields.flatMap((f) => [f, `-${f}`] as const) as [F | `-${F}`, ...Array<F | `-${F}`>];
  return z.enum(values).default(fallback as never);
}

export const pageQueryFields = {
  cursor: z.uuid().optional().describe('The `nextCursor` of the previous page.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the URL: anything that is not a uuid cannot name a row, so it is a 404 like an unknown id. */
export function isUuid(value: string): boolean {
  return uuid.test(value);
}

/**
 * Keyset pagination on (sort column, id): the cursor is the id of the last row of the previous page,
 * compared by its current values, so the order is exact (no timestamp rounding) and stable.
 */
export async function pageOf<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  field: SortField,
  descending: boolean,
  cursor: string | undefined,
  limit: number,
): Promise<{ rows: T[]; nextCursor: string | null }> {
  const op = descending ? '<' : '>';
  if (cursor) {
    if (!isUuid(cursor)) throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
    qb.andWhere(`(${alias}.${field.property}, ${alias}.id) ${op} (SELECT c.${field.column}, c.id FROM ${field.table} c WHERE c.id = :pageCursor)`, { pageCursor: cursor });
  }
  const direction = descending ? 'DESC' : 'ASC';
  const rows = await qb.orderBy(`${alias}.${field.property}`, direction).addOrderBy(`${alias}.id`, direction).take(limit + 1).getMany();
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

/** Splits `-name` into the field and its direction. */
export function parseSort<F extends string>(sort: F | `-${F}`): { field: F; descending: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1) as F, descending: true } : { field: sort as F, descending: false };
}

/** `%q%` for ILIKE with the wildcards of the search text escaped. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
