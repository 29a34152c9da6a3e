import { compileIpAllowList, ipAllowed } from './ip-allow-list';

describe('IP allow-lists', () => {
  const list = compileIpAllowList(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32'])!;

  it('admits addresses in the listed ranges, IPv4-mapped IPv6 included', () => {
    expect(ipAllowed(list, '10.20.30.40')).toBe(true);
    expect(ipAllowed(list, '192.168.1.7')).toBe(true);
    expect(ipAllowed(list, '::ffff:10.1.2.3')).toBe(true);
    expect(ipAllowed(list, '2001:db8::1')).toBe(true);
  });

  it('refuses everything else, and garbage', () => {
    expect(ipAllowed(list, '192.168.1.8')).toBe(false);
    expect(ipAllowed(list, '127.0.0.1')).toBe(false);
    expect(ipAllowed(list, 'not-an-ip')).toBe(false);
  });

  it('means "anywhere" when empty, and ignores invalid entries rather than widening access', () => {
    expect(compileIpAllowList([])).toBeNull();
    const onlyBad = compileIpAllowList(['nonsense'])!;
    expect(ipAllowed(onlyBad, '127.0.0.1')).toBe(false);
  });
});
