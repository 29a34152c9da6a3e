import { z } from 'zod';

/** proxy-addr's names for address ranges (Fastify's `trustProxy` takes them). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const addressOrRange = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

function isAddressOrRange(entry: string): boolean {
  return RANGE_NAMES.has(entry) || addressOrRange.safeParse(entry).success;
}

/**
 * TRUST_PROXY: the proxies in front of the app (load balancer, ingress, the portal) whose
 * `X-Forwarded-For` and `X-Forwarded-Proto` are believed, so that `request.ip` (key IP allow-lists,
 * audit entries, login throttling) is the client's and `request.protocol` the browser's.
 * - unset or `false`: none (the connection's peer is the client);
 * - addresses, CIDRs and `loopback` / `linklocal` / `uniquelocal`, comma-separated: the hops that
 *   are trusted; the client is the nearest address in the chain that is not one of them;
 * - a number N: the client is N hops before the app, whatever their addresses.
 * `true` is refused: trusting every hop lets any client choose its own address.
 */
export const trustProxySchema = z.preprocess(
  (v) => (v === '' || v === undefined ? 'false' : v),
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      if (value === 'true') {
        ctx.addIssue({ code: 'custom', message: "list the proxies' addresses or CIDRs (or a hop count): `true` would trust every hop, so any client could choose its own IP" });
        return;
      }
      if (value === 'false' || /^\d+$/.test(value)) return;
      const bad = value.split(',').map((e) => e.trim()).filter((e) => !isAddressOrRange(e));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `not an IP address, CIDR or loopback/linklocal/uniquelocal: ${bad.map((e) => JSON.stringify(e)).join(', ')}` });
    })
    .transform((value): false | number | string[] => {
      if (value === 'false') return false;
      if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
      return value.split(',').map((e) => e.trim());
    }),
);
export type TrustProxy = z.output<typeof trustProxySchema>;

/** TRUST_PROXY as Fastify's `trustProxy` option (a hop count as the function Fastify itself makes of one). */
export function fastifyTrustProxy(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return (_address, hop) => hop < value;
}
