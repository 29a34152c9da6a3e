import { In, type EntityManager } from 'typeorm';
import { Model } from '@sluice/db';
import { Problem } from '../errors/problem';

/** 400 listing every name that is not a model of the org's catalog. */
export async function assertCatalogModels(manager: EntityManager, orgId: string, names: readonly string[], path: string): Promise<void> {
  if (names.length === 0) return;
  const known = new Set((await manager.findBy(Model, { orgId, name: In([...names]) })).map((m) => m.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new Problem(400, 'validation-failed', 'Some models are not in the catalog.', unknown.map((m) => ({ path, message: `unknown model ${m}` })));
  }
}
