import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * budget_spend_settlements: the worker's spend reconciliation (`apps/worker/src/spend`). One row per
 * gateway budget counter (org hash tag × budget rule × period): the authoritative spend settled from
 * ingested usage events, what the gateway's Redis counter held at the same instant, and the drift it
 * repaired. Rewritten on every run; repairs are also in the audit trail (`budget.spend_reconciled`).
 */
export class BudgetSpendSettlements1764100001530 implements MigrationInterface {
  name = 'BudgetSpendSettlements1764100001530';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE budget_spend_settlements (
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        rule_id text NOT NULL,
        period_id text NOT NULL,
        scope_type text NOT NULL CONSTRAINT budget_spend_settlements_scope_check CHECK (scope_type IN ('org', 'team', 'user', 'key')),
        scope_id text NOT NULL,
        period_kind text NOT NULL CONSTRAINT budget_spend_settlements_period_check CHECK (period_kind IN ('daily', 'weekly', 'monthly', 'total')),
        period_start timestamptz,
        period_end timestamptz,
        limit_nanos bigint NOT NULL,
        settled_through timestamptz NOT NULL,
        authoritative_nanos bigint NOT NULL,
        counter_nanos bigint NOT NULL,
        drift_nanos bigint NOT NULL DEFAULT 0,
        repaired_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT budget_spend_settlements_pkey PRIMARY KEY (org_id, rule_id, period_id)
      )`);
    await queryRunner.query('CREATE INDEX budget_spend_settlements_repaired_idx ON budget_spend_settlements (org_id, repaired_at DESC) WHERE repaired_at IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE budget_spend_settlements');
  }
}
