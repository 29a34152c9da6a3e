import { ScimError } from './scim-error';
import { parsePaging, parseScimFilter } from './scim-filter';

describe('parseScimFilter', () => {
  it('reads the eq filters Okta and Entra ID send', () => {
    expect(parseScimFilter('userName eq "alice@acme.test"', ['userName', 'externalId'])).toEqual({ attribute: 'userName', value: 'alice@acme.test' });
    expect(parseScimFilter('externalId EQ "a\\"b"', ['userName', 'externalId'])).toEqual({ attribute: 'externalId', value: 'a"b' });
    expect(parseScimFilter('displayname eq "Engineering"', ['displayName'])).toEqual({ attribute: 'displayName', value: 'Engineering' });
    expect(parseScimFilter(undefined, ['userName'])).toBeNull();
  });

  it.each(['userName co "a"', 'userName eq "a" and active eq true', 'title eq "x"', 'userName eq a'])('refuses %s as invalidFilter', (filter) => {
    try {
      parseScimFilter(filter, ['userName', 'externalId']);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ScimError);
      expect((err as ScimError).scimType).toBe('invalidFilter');
    }
  });
});

describe('parsePaging', () => {
  it('defaults, clamps and is 1-based', () => {
    expect(parsePaging({})).toEqual({ startIndex: 1, count: 100 });
    expect(parsePaging({ startIndex: '0', count: '1000' })).toEqual({ startIndex: 1, count: 200 });
    expect(parsePaging({ startIndex: '3', count: '2' })).toEqual({ startIndex: 3, count: 2 });
  });
});
