import { fastifyTrustProxy, trustProxySchema } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it('trusts no proxy when unset, empty, false or 0', () => {
    for (const value of [undefined, '', 'false', '0']) expect(trustProxySchema.parse(value)).toBe(false);
  });

  it('takes addresses, CIDRs and range names, comma-separated', () => {
    expect(trustProxySchema.parse(' 10.0.0.0/8, loopback ,fd00::/8,192.0.2.7,::1')).toEqual(['10.0.0.0/8', 'loopback', 'fd00::/8', '192.0.2.7', '::1']);
  });

  it('takes a hop count, which Fastify gets as a function trusting that many hops', () => {
    const trust = fastifyTrustProxy(trustProxySchema.parse('2'));
    expect(typeof trust).toBe('function');
    const fn = trust as (address: string, hop: number) => boolean;
    expect([fn('10.0.0.1', 0), fn('10.0.0.2', 1), fn('203.0.113.9', 2)]).toEqual([true, true, false]);
  });

  it("refuses `true` (any client could choose its address) and says which entries are not addresses", () => {
    expect(trustProxySchema.safeParse('true').error?.issues[0].message).toMatch(/`true` would trust every hop/);
    expect(trustProxySchema.safeParse('10.0.0.0/33,portal.internal').error?.issues[0].message).toBe('not an IP address, CIDR or loopback/linklocal/uniquelocal: "10.0.0.0/33", "portal.internal"');
  });
});
