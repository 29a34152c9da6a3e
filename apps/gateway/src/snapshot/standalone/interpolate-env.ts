/**
 * Replaces `${NAME}` and `${NAME:-fallback}` with environment values. `$${` escapes a literal `${`.
 * A referenced variable that is unset and has no fallback is an error naming it and its line.
 */
export function interpolateEnv(text: string, env: NodeJS.ProcessEnv): string {
  const missing: string[] = [];
  const result = text.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (match: string, name: string, fallback: string | undefined, offset: number) => {
    if (match.startsWith('$$')) return match.slice(1);
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    const line = text.slice(0, offset).split('\n').length;
    missing.push(`${name} (line ${line})`);
    return match;
  });
  if (missing.length > 0) throw new Error(`environment variables referenced by the config file are not set: ${missing.join(', ')}`);
  return result;
}
