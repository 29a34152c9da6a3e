/**
 * The models a request may be served by, in order: the requested alias, then its configured
 * fallbacks (not transitive, duplicates and the alias itself dropped).
 */
export function modelChain(modelName: string, fallbacks: Readonly<Record<string, readonly string[]>>): string[] {
  const chain = [modelName];
  for (const fallback of fallbacks[modelName] ?? []) if (!chain.includes(fallback)) chain.push(fallback);
  return chain;
}
