import { z } from 'zod';
import { Problem } from '../errors/problem';
import { parseInput } from './parse-body';

describe('parseInput', () => {
  const schema = z.strictObject({ name: z.string(), tags: z.array(z.string()).default([]) });

  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'a' })).toEqual({ name: 'a', tags: [] });
  });

  it('refuses NUL characters anywhere (Postgres cannot store them) with a 400 naming the field', () => {
    for (const value of [{ name: 'a\u0000b' }, { name: 'a', tags: ['ok', '\u0000'] }, { name: 'a', ['x\u0000']: 1 }]) {
      let thrown: unknown;
      try {
        parseInput(schema, value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Problem);
      expect((thrown as Problem).status).toBe(400);
      expect((thrown as Problem).errors?.[0]?.message).toMatch(/NUL/);
    }
  });

  it('refuses input nested deeper than 64 levels without walking it recursively', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(() => parseInput(schema, deep)).toThrow(/expected shape/);
  });

  it('lists every schema mismatch', () => {
    expect(() => parseInput(schema, { name: 1, extra: true })).toThrow(Problem);
  });
});
