import { MEMBERSHIP_ROLES } from '@sluice/db';
import { ROLE_PERMISSIONS, roleHasPermission } from './permissions';

describe('permission matrix', () => {
  it('covers every role', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...MEMBERSHIP_ROLES].sort());
  });

  it.each([
    ['viewer', 'api_keys:manage:own', false],
    ['developer', 'api_keys:manage:own', true],
    ['developer', 'api_keys:manage:any', false],
    ['team_admin', 'api_keys:manage:team', true],
    ['team_admin', 'audit:read', false],
    ['auditor', 'audit:read', true],
    ['auditor', 'audit:export', true],
    ['auditor', 'api_keys:manage:any', false],
    ['admin', 'api_keys:manage:any', true],
    ['owner', 'org:manage', true],
    ['auditor', 'dead_letters:read', true],
    ['auditor', 'dead_letters:manage', false],
    ['team_admin', 'dead_letters:read', false],
    ['admin', 'dead_letters:read', true],
  ] as const)('%s → %s = %s', (role, permission, expected) => {
    expect(roleHasPermission(role, permission)).toBe(expected);
  });
});
