import { memberFilterValue, memberIds, parsePatch, scimBoolean } from './scim-patch';

describe('SCIM PatchOp parsing', () => {
  it('accepts Okta and Entra ID operation spellings', () => {
    expect(parsePatch({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] })).toEqual([
      { op: 'replace', path: 'active', value: 'False' },
    ]);
    expect(parsePatch({ Operations: [{ op: 'replace', value: { active: false } }] })[0].op).toBe('replace');
  });

  it('refuses unknown operations and empty requests', () => {
    expect(() => parsePatch({ Operations: [{ op: 'move' }] })).toThrow();
    expect(() => parsePatch({ Operations: [] })).toThrow();
  });

  it('reads booleans, member filters and member lists', () => {
    expect(scimBoolean('False')).toBe(false);
    expect(scimBoolean(true)).toBe(true);
    expect(() => scimBoolean('nope')).toThrow();
    expect(memberFilterValue('members[value eq "abc-1"]')).toBe('abc-1');
    expect(memberFilterValue('members')).toBeNull();
    expect(memberIds([{ value: 'a' }, { value: 'b' }])).toEqual(['a', 'b']);
  });
});
