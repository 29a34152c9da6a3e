import { can, type Role } from '../session/access';
import { isCurrent, navigationFor } from './navigation';

const labelsFor = (roles: Role[]) => navigationFor((capability) => can(roles, capability)).flatMap((group) => group.items.map((item) => item.label));

describe('navigation by role', () => {
  it('shows a viewer only the sections every role may use', () => {
    expect(labelsFor(['viewer'])).toEqual(['Dashboard', 'Request logs', 'Models', 'API keys']);
  });

  it('adds what auditors may read (audit, reports, teams, providers, policies, users, service accounts, webhooks, config export), teams and users for team admins, everything for admins', () => {
    expect(labelsFor(['auditor'])).toEqual([
      'Dashboard', 'Request logs', 'Models', 'API keys', 'Audit trail', 'Usage reports', 'Teams', 'Providers', 'Deployments & routing', 'Policies',
      'Users', 'Service accounts', 'Webhooks & alerts', 'Config import/export',
    ]);
    expect(labelsFor(['team_admin'])).toEqual(['Dashboard', 'Request logs', 'Models', 'API keys', 'Playground', 'Teams', 'Users']);
    expect(labelsFor(['admin'])).toEqual([
      'Dashboard', 'Request logs', 'Models', 'API keys', 'Playground', 'Audit trail', 'Usage reports', 'Teams', 'Providers', 'Deployments & routing', 'Model catalog', 'Policies',
      'Users', 'Service accounts', 'SSO', 'SCIM provisioning', 'Webhooks & alerts', 'Config import/export',
    ]);
  });

  it('drops a group with nothing in it', () => {
    const groups = navigationFor((capability) => can(['developer'], capability)).map((g) => g.label);
    expect(groups).toEqual(['Monitor', 'Build']);
  });
});

describe('isCurrent', () => {
  it('matches the dashboard only on / and other sections on their sub-pages', () => {
    expect(isCurrent('/', '/')).toBe(true);
    expect(isCurrent('/', '/teams')).toBe(false);
    expect(isCurrent('/teams', '/teams/123')).toBe(true);
    expect(isCurrent('/teams', '/teamsx')).toBe(false);
  });
});
