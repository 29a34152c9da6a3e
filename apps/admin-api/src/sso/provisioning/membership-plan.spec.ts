import { desiredMemberships, ORG_WIDE, type MappingRule } from './membership-plan';

const rules: MappingRule[] = [
  { idpGroup: 'eng', orgRole: 'developer', teamId: 'team-a', teamRole: 'developer' },
  { idpGroup: 'eng-leads', orgRole: null, teamId: 'team-a', teamRole: 'team_admin' },
  { idpGroup: 'it-admins', orgRole: 'admin', teamId: null, teamRole: null },
];

describe('desiredMemberships', () => {
  it('grants what the held groups map to, the strongest role per place', () => {
    expect(desiredMemberships(['eng', 'eng-leads'], rules)).toEqual(new Map([[ORG_WIDE, 'developer'], ['team-a', 'team_admin']]));
    expect(desiredMemberships(['eng', 'it-admins'], rules).get(ORG_WIDE)).toBe('admin');
  });

  it('grants nothing for unmapped groups and compares names exactly', () => {
    expect(desiredMemberships(['ENG', 'sales'], rules).size).toBe(0);
  });
});
