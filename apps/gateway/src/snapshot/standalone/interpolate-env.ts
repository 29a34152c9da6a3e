/**
 * Replaces `${NAME}` and `${NAME:-fallback}` in every string value of a parsed config with
 * environment values; `$${` escapes a literal `${`. Substitution happens after YAML parsing, so a
 * value can never change the file's structure and comments are left alone. Every unset variable
 * without a fallback is reported with the path of the value that uses it.
 */
export function interpolateEnv<T>(value: T, env: NodeJS.ProcessEnv): T {
  const missing: string[] = [];
  const result = walk(value, [], env, missing);
  if (missing.length > 0) throw new Error(`environment variables referenced by the config file are not set: ${missing.join(', ')}`);
  return result as T;
}

function walk(value: unknown, path: string[], env: NodeJS.ProcessEnv, missing: string[]): unknown {
  if (typeof value === 'string') return substitute(value, path, env, missing);
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, String(i)], env, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], env, missing)]));
  }
  return value;
}

function substitute(text: string, path: string[], env: NodeJS.ProcessEnv, missing: string[]): string {
  return text.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (match: string, name: string, fallback: string | undefined) => {
    if (match.startsWith('$$')) return match.slice(1);
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    missing.push(`${name} (at ${path.join('.') || '(root)'})`);
    return match;
  });
}
