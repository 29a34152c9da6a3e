import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { classifyAddress, normalizeIpLiteral, type AddressClass } from './address-ranges';
import { allowedRangesOf, hostIsAllowListed, type EgressPolicy } from './egress-policy';

export type EgressDenyReason = 'invalid-url' | 'scheme' | 'credentials-in-url' | AddressClass;

/** An outbound URL or address the policy does not allow. Its message never contains URL credentials. */
export class EgressDeniedError extends Error {
  readonly code = 'ERR_EGRESS_DENIED';
  override name = 'EgressDeniedError';
  constructor(
    readonly reason: EgressDenyReason,
    /** The host name or address that was refused. */
    readonly target: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Host names that always mean "instance metadata" (AWS, GCP, Azure/OpenStack aliases). */
const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal', 'metadata.azure.internal']);

const REASON_TEXT: Record<AddressClass, string> = {
  metadata: 'a cloud instance-metadata endpoint',
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address',
  reserved: 'a reserved or non-unicast address',
};

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for `net.connect` / `tls.connect` (and so undici) that refuses denied addresses. */
export type GuardedLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

export interface EgressGuard {
  readonly policy: EgressPolicy;
  /**
   * Write-time check of a URL (no DNS): scheme, credentials, IP literals in any notation (the WHATWG
   * parser turns `0x7f.1`, `2130706433`, `0177.0.0.1` into dotted quads), metadata and localhost names.
   * Returns the parsed URL; throws EgressDeniedError.
   */
  assertUrlAllowed(url: string): URL;
  /** Throws when `hostname` (a name or IP literal) resolved to `address` must not be reached. */
  assertAddressAllowed(hostname: string, address: string): void;
  /** Request-time check: resolves the URL's host and checks every address it resolves to. */
  assertUrlResolvesToAllowed(url: string): Promise<void>;
  /** DNS lookup that drops denied addresses and fails when none is left (blocks DNS rebinding). */
  lookup: GuardedLookup;
}

/** Lower-cased host without brackets and trailing dots, IDN already in punycode (from URL parsing). */
export function normalizeHostname(hostname: string): string {
  return normalizeIpLiteral(hostname).replace(/\.+$/, '');
}

export function createEgressGuard(policy: EgressPolicy): EgressGuard {
  const allowedRanges = allowedRangesOf(policy);

  const classDenied = (hostname: string, address: string | null): AddressClass | null => {
    if (METADATA_HOSTS.has(hostname)) return 'metadata';
    const cls = address === null ? (hostname === 'localhost' || hostname.endsWith('.localhost') ? 'loopback' : null) : classifyAddress(address);
    if (cls === null || cls === 'metadata') return cls;
    if (cls === 'loopback' && policy.allowLoopback) return null;
    if (hostIsAllowListed(policy, hostname)) return null;
    if (address !== null && allowedRanges.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6')) return null;
    return cls;
  };

  const assertAddressAllowed = (rawHostname: string, rawAddress: string): void => {
    const hostname = normalizeHostname(rawHostname);
    const address = normalizeIpLiteral(rawAddress);
    const cls = classDenied(hostname, address);
    if (cls) throw new EgressDeniedError(cls, hostname === address ? address : `${hostname} (${address})`, `egress to ${REASON_TEXT[cls]} is not allowed: ${hostname === address ? address : `${hostname} resolves to ${address}`}`);
  };

  const assertUrlAllowed = (raw: string): URL => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new EgressDeniedError('invalid-url', '', 'not a valid absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressDeniedError('scheme', url.protocol, `only http and https URLs are allowed, not ${url.protocol}`);
    if (url.username || url.password) throw new EgressDeniedError('credentials-in-url', url.hostname, 'URLs must not carry credentials; store them as provider credentials');
    const hostname = normalizeHostname(url.hostname);
    if (!hostname) throw new EgressDeniedError('invalid-url', '', 'the URL has no host');
    if (isIP(hostname)) {
      assertAddressAllowed(hostname, hostname);
    } else {
      const cls = classDenied(hostname, null);
      if (cls) throw new EgressDeniedError(cls, hostname, `egress to ${REASON_TEXT[cls]} is not allowed: ${hostname}`);
    }
    return url;
  };

  const lookup: GuardedLookup = (hostname, options, callback) => {
    const all: LookupAllOptions = { ...options, all: true };
    dnsLookup(hostname, all, (err, addresses) => {
      if (err) return callback(err, []);
      let firstDenial: EgressDeniedError | null = null;
      const allowed = addresses.filter((a) => {
        try {
          assertAddressAllowed(hostname, a.address);
          return true;
        } catch (denied) {
          firstDenial ??= denied as EgressDeniedError;
          return false;
        }
      });
      if (allowed.length === 0) return callback(firstDenial ?? Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };

  const assertUrlResolvesToAllowed = async (raw: string): Promise<void> => {
    const url = assertUrlAllowed(raw);
    const hostname = normalizeHostname(url.hostname);
    if (isIP(hostname)) return;
    await new Promise<void>((resolve, reject) => {
      dnsLookup(hostname, { all: true }, (err, addresses) => {
        if (err) return reject(err);
        try {
          for (const a of addresses) assertAddressAllowed(hostname, a.address);
          resolve();
        } catch (denied) {
          reject(denied as Error);
        }
      });
    });
  };

  return { policy, assertUrlAllowed, assertAddressAllowed, assertUrlResolvesToAllowed, lookup };
}
