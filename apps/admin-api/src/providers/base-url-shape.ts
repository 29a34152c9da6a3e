import { isSensitiveFieldName } from '@sluice/audit';

/** Query parameter names that carry a credential (Gemini's `key`, Azure Functions' `code`, SAS `sig`…), compared without case, `-` and `_`. */
const CREDENTIAL_PARAMS = new Set(['key', 'apikey', 'code', 'sig', 'auth', 'pass', 'pwd', 'subscriptionkey', 'xapikey']);

const looksLikeCredential = (name: string) => CREDENTIAL_PARAMS.has(name.toLowerCase().replace(/[-_]/g, '')) || isSensitiveFieldName(name);

/**
 * Why a provider base URL cannot be stored as given, or null. Adapters append their paths to the base
 * URL, so a query string or fragment would break every upstream call; and a key in it (`?key=…`) would
 * be shown to every provider reader, land in the config export and in logs. Names the parameters, never their values.
 */
export function baseUrlShapeProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null; // the egress guard reports unparsable URLs
  }
  const names = [...new Set(url.searchParams.keys())];
  const credentials = names.filter(looksLikeCredential);
  if (credentials.length > 0) {
    return `the base URL carries a credential in its query (${credentials.join(', ')}): store the key as the provider's credentials, which are sealed and never shown, and give the URL without a query`;
  }
  if (url.search !== '' || url.hash !== '') {
    return `the base URL has a ${url.search !== '' ? `query (${names.join(', ') || '?'})` : 'fragment'}: request paths are appended to it, so it takes none — use the provider's settings (e.g. apiVersion) instead`;
  }
  return null;
}
