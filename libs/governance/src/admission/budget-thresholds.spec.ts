import type { BudgetRule } from '../limits/limit-rule';
import { budgetAlertDedupeKey, crossedThresholds } from './budget-thresholds';

const rule: BudgetRule = {
  kind: 'budget',
  id: 'team:t1:budget:0',
  period: 'm2026-11',
  limitNanos: 1000,
  reserveNanos: 0,
  ttlMs: 1,
  alert: { scope: 'team', scopeId: 't1', periodKind: 'monthly', periodStart: '2026-11-01', thresholds: [0.5, 0.8, 1] },
};

describe('crossedThresholds', () => {
  it('reports each threshold the settlement moved the spend across, and only those', () => {
    expect(crossedThresholds(rule, 400, 100).map((c) => c.ratio)).toEqual([]);
    expect(crossedThresholds(rule, 500, 100).map((c) => c.ratio)).toEqual([0.5]);
    expect(crossedThresholds(rule, 600, 100).map((c) => c.ratio)).toEqual([]);
    expect(crossedThresholds(rule, 1200, 800).map((c) => c.ratio)).toEqual([0.5, 0.8, 1]);
  });

  it('reports nothing for a free call or a budget without alert settings', () => {
    expect(crossedThresholds(rule, 900, 0)).toEqual([]);
    expect(crossedThresholds({ ...rule, alert: undefined }, 900, 900)).toEqual([]);
  });

  it('builds the dedupe key from scope, period and ratio', () => {
    expect(budgetAlertDedupeKey(rule, 0.8)).toBe('budget_threshold:team:t1:monthly:2026-11-01:0.8');
  });
});
