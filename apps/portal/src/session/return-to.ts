/**
 * Where to go after signing in. Only a path on this origin is accepted, so a crafted link
 * (`?returnTo=https://evil.example`, `//evil.example`, `/\evil.example`) can never send the user away.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Browsers drop tabs and newlines in URLs, which can turn `/\t/evil.example` into `//evil.example`.
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\\')) return '/';
  try {
    const url = new URL(value, 'http://portal.invalid');
    if (url.origin !== 'http://portal.invalid') return '/';
    if (url.pathname === '/sign-in') return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}
