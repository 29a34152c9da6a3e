/**
 * Where a webhook delivers, for people who may read webhooks but not change them: the scheme and host
 * only. A webhook URL's path and query often are the credential itself (a Slack incoming-webhook URL,
 * a `?token=` of a generic receiver), so they are not put on the screen of a read-only role.
 */
export function webhookDestination(url: string): { shown: string; hidden: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { shown: 'an invalid URL', hidden: true };
  }
  const hidden = parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '';
  return { shown: hidden ? `${parsed.origin}/…` : parsed.origin, hidden };
}
