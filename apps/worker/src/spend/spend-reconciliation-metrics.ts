import { Counter, type Registry } from 'prom-client';
import type { ReconciliationReport, SpendReconcilerMetrics } from './spend-reconciler';

/** `sluice_worker_budget_*`: reconciliation runs, counters checked, drift found and repaired. */
export function spendReconciliationMetrics(registry: Registry): SpendReconcilerMetrics {
  const runs = new Counter({
    name: 'sluice_worker_budget_reconciliation_runs_total',
    help: 'Spend reconciliation runs by outcome (reconciled, skipped_watermark: ingestion backlog, skipped_locked: another worker was running one).',
    labelNames: ['status'],
    registers: [registry],
  });
  const checked = new Counter({ name: 'sluice_worker_budget_counters_checked_total', help: 'Gateway budget counters compared with the ingested spend.', registers: [registry] });
  const repairs = new Counter({
    name: 'sluice_worker_budget_drift_repairs_total',
    help: 'Budget counters repaired, per scope and direction (over: Redis counted more than was ingested, e.g. double counts; under: lost increments).',
    labelNames: ['scope', 'direction'],
    registers: [registry],
  });
  const driftUsd = new Counter({
    name: 'sluice_worker_budget_drift_usd_total',
    help: 'Absolute drift repaired, in USD, per scope and direction.',
    labelNames: ['scope', 'direction'],
    registers: [registry],
  });
  return {
    run: (status: ReconciliationReport['status']) => runs.inc({ status }),
    checked: (count) => checked.inc(count),
    repaired: (scope, direction, driftNanos) => {
      repairs.inc({ scope, direction });
      driftUsd.inc({ scope, direction }, Math.abs(Number(driftNanos)) / 1e9);
    },
  };
}
