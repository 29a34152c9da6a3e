import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail is append-only in the database itself, not only in code: row triggers reject
 * UPDATE and DELETE, a statement trigger rejects TRUNCATE. Only the table owner can disable them,
 * and doing so is outside every code path of the product.
 */
export class AuditEvents1764100000300 implements MigrationInterface {
  name = 'AuditEvents1764100000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        seq bigint NOT NULL CHECK (seq > 0),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL,
        actor_id text,
        action text NOT NULL,
        target_type text,
        target_id text,
        before jsonb,
        after jsonb,
        ip text,
        user_agent text,
        result text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
        request_id text,
        prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT audit_events_org_seq_key UNIQUE (org_id, seq),
        CONSTRAINT audit_events_first_has_no_prev CHECK ((seq = 1) = (prev_hash IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX audit_events_org_occurred_idx ON audit_events (org_id, occurred_at)');
    await queryRunner.query('CREATE INDEX audit_events_org_action_idx ON audit_events (org_id, action, occurred_at)');
    await queryRunner.query(`
      CREATE FUNCTION sluice_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION sluice_audit_events_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION sluice_audit_events_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_events');
    await queryRunner.query('DROP FUNCTION sluice_audit_events_append_only()');
  }
}
