import type { BudgetRule } from '../limits/limit-rule';

/** A budget threshold that one settlement moved the spend across. */
export interface CrossedThreshold {
  rule: BudgetRule;
  ratio: number;
  spentNanos: number;
}

/**
 * The thresholds a settlement crossed, from the spent total the settle script returned: spend went
 * from `spentAfter - costNanos` to `spentAfter`. The counter is incremented atomically, so across
 * any number of gateways exactly one settlement sees a given threshold crossed.
 */
export function crossedThresholds(rule: BudgetRule, spentAfter: number, costNanos: number): CrossedThreshold[] {
  if (!rule.alert || costNanos <= 0 || rule.limitNanos <= 0) return [];
  const before = spentAfter - costNanos;
  return rule.alert.thresholds
    .filter((ratio) => {
      const mark = ratio * rule.limitNanos;
      return before < mark && spentAfter >= mark;
    })
    .map((ratio) => ({ rule, ratio, spentNanos: spentAfter }));
}

/** `budget_threshold:<scope>:<scopeId>:<period>:<periodStart>:<ratio>`: one alert per threshold and period. */
export function budgetAlertDedupeKey(rule: BudgetRule, ratio: number): string {
  const alert = rule.alert;
  if (!alert) throw new Error(`budget rule ${rule.id} has no alert settings`);
  return `budget_threshold:${alert.scope}:${alert.scopeId}:${alert.periodKind}:${alert.periodStart}:${ratio}`;
}
