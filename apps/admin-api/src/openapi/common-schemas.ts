import { z } from 'zod';

/** A cursor-paginated list answer: `nextCursor` is passed back as `cursor`; null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const uuidParam = (name: string) => z.object({ [name]: z.uuid() });
export const idParams = z.object({ id: z.uuid() });
