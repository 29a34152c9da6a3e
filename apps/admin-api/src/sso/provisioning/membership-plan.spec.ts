import { desiredMemberships, ORG_WIDE, planMembershipChanges, type MappingRule } from './membership-plan';

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

describe('planMembershipChanges', () => {
  const m = (id: string, teamId: string | null, role: MappingRule['orgRole'] & string, provisioned: boolean) => ({ id, teamId, role, provisioned });

  it('adds new places, changes roles and removes provisioned memberships no longer mapped', () => {
    const existing = [m('1', null, 'viewer', true), m('2', 'team-a', 'developer', true), m('3', 'team-b', 'developer', true)];
    const plan = planMembershipChanges(existing, new Map([['team-a', 'team_admin'], ['team-c', 'developer']]));
    expect(plan.remove.map((x) => x.id)).toEqual(['1', '3']);
    expect(plan.change).toEqual([{ membership: existing[1], role: 'team_admin' }]);
    expect(plan.add).toEqual([{ teamId: 'team-c', role: 'developer' }]);
  });

  it('never touches manual memberships, nor adds a place that already has one', () => {
    const plan = planMembershipChanges([m('1', 'team-a', 'viewer', false)], new Map([['team-a', 'developer']]));
    expect(plan).toEqual({ remove: [], change: [], add: [] });
  });

  it('gives an org-wide viewer membership to someone with nothing else', () => {
    expect(planMembershipChanges([], new Map()).add).toEqual([{ teamId: null, role: 'viewer' }]);
    expect(planMembershipChanges([m('1', null, 'auditor', false)], new Map()).add).toEqual([]);
  });
});
