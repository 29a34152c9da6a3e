import { BlockList, isIP } from 'node:net';

/** Why an address is not a public unicast address. `null` from `classifyAddress` means public. */
export type AddressClass = 'metadata' | 'loopback' | 'private' | 'link-local' | 'reserved';

/** Cloud instance-metadata endpoints (AWS, GCP, Azure, OpenStack, DigitalOcean; AWS IPv6; Oracle; Alibaba). */
const METADATA_ADDRESSES: ReadonlyArray<[string, 'ipv4' | 'ipv6']> = [
  ['169.254.169.254', 'ipv4'],
  ['169.254.170.2', 'ipv4'],
  ['fd00:ec2::254', 'ipv6'],
  ['192.0.0.192', 'ipv4'],
  ['100.100.100.200', 'ipv4'],
];

type Range = [network: string, prefix: number, family: 'ipv4' | 'ipv6'];

const RANGES: ReadonlyArray<[AddressClass, Range[]]> = [
  ['loopback', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['link-local', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  [
    'private',
    [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT (RFC 6598)
      ['fc00::', 7, 'ipv6'], // unique local (RFC 4193)
      ['fec0::', 10, 'ipv6'], // site-local (deprecated, still routable inside some networks)
    ],
  ],
  [
    'reserved',
    [
      ['0.0.0.0', 8, 'ipv4'], // "this network": 0.0.0.0 reaches the local host on Linux
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['224.0.0.0', 4, 'ipv4'], // multicast
      ['240.0.0.0', 4, 'ipv4'], // reserved + broadcast
      ['::', 128, 'ipv6'],
      ['100::', 64, 'ipv6'], // discard
      ['2001:db8::', 32, 'ipv6'], // documentation
      ['ff00::', 8, 'ipv6'], // multicast
    ],
  ],
];

function buildLists(): Array<[AddressClass, BlockList]> {
  const metadata = new BlockList();
  for (const [address, family] of METADATA_ADDRESSES) metadata.addAddress(address, family);
  const lists: Array<[AddressClass, BlockList]> = [['metadata', metadata]];
  for (const [cls, ranges] of RANGES) {
    const list = new BlockList();
    for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
    lists.push([cls, list]);
  }
  return lists;
}

const LISTS = buildLists();

/** Strips IPv6 brackets and a zone id (`fe80::1%eth0`), and lower-cases. */
export function normalizeIpLiteral(address: string): string {
  return address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '').toLowerCase();
}

/**
 * Classifies an IP address (v4, v6, or IPv4-mapped v6 such as `::ffff:10.0.0.1`, which node's
 * BlockList matches against the IPv4 rules). Throws on something that is not an IP address.
 */
export function classifyAddress(address: string): AddressClass | null {
  const ip = normalizeIpLiteral(address);
  const version = isIP(ip);
  if (version === 0) throw new TypeError(`not an IP address: ${address}`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const embedded = embeddedIpv4(ip);
  for (const [cls, list] of LISTS) {
    if (list.check(ip, family) || (embedded !== null && list.check(embedded, 'ipv4'))) return cls;
  }
  return null;
}

/**
 * The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible (`::a.b.c.d`)
 * IPv6 address, in whichever notation it was written. Null for anything else.
 */
function embeddedIpv4(ip: string): string | null {
  if (isIP(ip) !== 6) return null;
  const groups = expandIpv6(ip);
  if (!groups) return null;
  const prefixZero = groups.slice(0, 5).every((g) => g === 0);
  if (!prefixZero || (groups[5] !== 0xffff && groups[5] !== 0)) return null;
  if (groups[5] === 0 && groups[6] === 0) return null; // ::, ::1 and friends are not IPv4-compatible addresses
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** Eight 16-bit groups of a valid IPv6 address (which `isIP` has already accepted). */
function expandIpv6(ip: string): number[] | null {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const octets = dotted[1].split('.').map(Number);
    text = text.slice(0, -dotted[1].length) + `${((octets[0] << 8) | octets[1]).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
