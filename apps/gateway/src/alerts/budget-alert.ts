import { createHash } from 'node:crypto';
import { alertEventSchema, type AlertEvent } from '@sluice/contracts';
import { budgetAlertDedupeKey, NANOS_PER_USD, type CrossedThreshold } from '@sluice/governance';

/**
 * A UUID derived from the dedupe key (SHA-256, shaped as a version-8 UUID): every gateway that
 * raises the same alert raises it with the same id, which is also its BullMQ job id.
 */
export function alertIdOf(dedupeKey: string): string {
  const hex = createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const SCOPE_NAMES = { key: 'API key', user: 'user', team: 'team', org: 'organization' } as const;

/** The `budget_threshold` alert for one crossed threshold; figures only, never prompt text or secrets. */
export function budgetThresholdAlert(orgId: string, crossed: CrossedThreshold, now: Date): AlertEvent {
  const { rule, ratio, spentNanos } = crossed;
  const alert = rule.alert!;
  const dedupeKey = budgetAlertDedupeKey(rule, ratio);
  const spentUsd = round6(spentNanos / NANOS_PER_USD);
  const limitUsd = round6(rule.limitNanos / NANOS_PER_USD);
  const kind = rule.enforce === false ? 'soft' : 'hard';
  return alertEventSchema.parse({
    id: alertIdOf(dedupeKey),
    kind: 'budget_threshold',
    orgId,
    scope: { type: alert.scope, id: alert.scopeId },
    dedupeKey,
    severity: ratio >= 1 ? 'critical' : ratio >= 0.8 ? 'warning' : 'info',
    summary: `The ${SCOPE_NAMES[alert.scope]}'s ${alert.periodKind} ${kind} budget reached ${Math.round(ratio * 100)}%: $${spentUsd} of $${limitUsd} spent.`,
    details: { thresholdRatio: ratio, spentUsd, limitUsd, period: alert.periodKind, periodStart: alert.periodStart, hard: rule.enforce !== false },
    occurredAt: now.toISOString(),
  });
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
