import { DEFAULT_REQUEST_LOG_RETENTION_DAYS, longestRetentionDays, type RetentionRule } from './request-log-retention';

describe('longestRetentionDays', () => {
  const rule = (orgId: string, scope: RetentionRule['scope'], days: number): RetentionRule => ({ orgId, scope, scopeId: `${scope}-${orgId}`, days });

  it('is the logging-policy default for orgs without policies', () => {
    expect(DEFAULT_REQUEST_LOG_RETENTION_DAYS).toBe(30);
    expect(longestRetentionDays([], ['a', 'b'])).toBe(30);
  });

  it('counts the default for rows no org-level policy covers, and every finer policy', () => {
    // Org a: only a key policy of 10 days; its other rows keep the default 30.
    expect(longestRetentionDays([rule('a', 'key', 10)], ['a'])).toBe(30);
    // Org a: org policy 7 days replaces the default; a team keeps 14.
    expect(longestRetentionDays([rule('a', 'org', 7), rule('a', 'team', 14)], ['a'])).toBe(14);
    // The longest over all orgs.
    expect(longestRetentionDays([rule('a', 'org', 7), rule('b', 'user', 400)], ['a', 'b'])).toBe(400);
  });
});
