/** The part of a webhook URL shown to those who may read webhooks but not change them, and kept in the audit trail. */
export interface RedactedWebhookUrl {
  url: string;
  /** True when a path, query, fragment or userinfo was cut off. */
  redacted: boolean;
}

/**
 * Scheme, host and port of a webhook URL, with `/…` standing for whatever followed. A webhook URL's
 * path and query are often the credential itself (Slack and Teams incoming webhooks, `?token=` of a
 * generic receiver), so callers without `webhooks:manage` and the audit trail never get them.
 */
export function redactWebhookUrl(raw: string): RedactedWebhookUrl {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // Stored URLs passed the schema and the egress guard on write; this is only a safe fallback.
    return { url: '…', redacted: true };
  }
  const redacted = parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '';
  return { url: redacted ? `${parsed.origin}/…` : parsed.origin, redacted };
}
