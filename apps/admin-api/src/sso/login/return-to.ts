/**
 * Where to send the browser after sign-in: only a same-origin relative path (`/keys?x=1`). Anything
 * that a browser could read as another origin (`//evil`, `/\evil`, `https://…`, control characters)
 * falls back to `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  try {
    const parsed = new URL(value, 'http://sluice.invalid');
    if (parsed.origin !== 'http://sluice.invalid') return '/';
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return '/';
  }
}
