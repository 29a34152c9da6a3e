import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { Problem } from '../errors/problem';

/**
 * Keyset pagination over a sorted list: the cursor carries the last row's sort value and id, so
 * pages stay stable while rows are added. Sort columns must be NOT NULL.
 */
export interface SortKey<Row> {
  /** SQL expression of the sort column, e.g. `m.name`. */
  column: string;
  /** The same value read from an entity, to build the next cursor. */
  valueOf(row: Row): string | number;
}

export const sortOrderSchema = z.enum(['asc', 'desc']);

const cursorSchema = z.tuple([z.union([z.string(), z.number()]), z.uuid()]);

function decodeCursor(cursor: string): [string | number, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new Problem(400, 'invalid-cursor', 'The cursor is not one this API returned.');
  }
}

/** Orders `qb` by the key (then id) and, with a cursor, starts after the row it names. */
export function applySortedPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  idColumn: string,
  key: SortKey<T>,
  order: 'asc' | 'desc',
  cursor: string | undefined,
  limit: number,
): SelectQueryBuilder<T> {
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  if (cursor) {
    const [value, id] = decodeCursor(cursor);
    qb.andWhere(`(${key.column}, ${idColumn}) ${order === 'asc' ? '>' : '<'} (:cursorValue, :cursorId)`, { cursorValue: value, cursorId: id });
  }
  return qb.orderBy(key.column, direction).addOrderBy(idColumn, direction).take(limit + 1);
}

/** Cuts the extra row fetched by `applySortedPage` and turns the last row into the next cursor. */
export function toSortedPage<T extends { id: string }, V>(rows: T[], limit: number, key: SortKey<T>, view: (row: T) => V): { items: V[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([key.valueOf(last), last.id])).toString('base64url') : null;
  return { items: page.map(view), nextCursor };
}

/** `limit` and `cursor` of every list query. */
export const pageQueryShape = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

/** A uuid path id that is not a uuid is simply an object that does not exist (404, never 400). */
export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
