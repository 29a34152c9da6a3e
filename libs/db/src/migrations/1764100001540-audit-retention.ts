import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit retention as an explicit, recorded act. audit_events stays append-only: its trigger still
 * refuses every UPDATE, TRUNCATE and ad-hoc DELETE. The only way to remove events is
 * `sluice_purge_audit_events(org, cutoff, export_id)`, which
 * - requires a succeeded audit export of that org made with exactly the filter `{ to: cutoff }` (so
 *   every event it may delete is in a signed export file, see its manifest),
 * - records the purge in `audit_retention_purges` (cutoff, export, the kept boundary event and its
 *   hash, how many rows went) in the same transaction,
 * - deletes the events older than the cutoff up to, but not including, the export's last event: that
 *   boundary event stays as the start of the remaining chain (verify from `kept_seq + 1`, or the whole
 *   remaining chain with the kept hash as the trusted start).
 * The trigger lets a DELETE through only for rows covered by a purge row written by the same
 * transaction, so nothing else can delete, not even by accident.
 */
export class AuditRetention1764100001540 implements MigrationInterface {
  name = 'AuditRetention1764100001540';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_retention_purges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        cutoff timestamptz NOT NULL,
        export_id uuid NOT NULL REFERENCES export_jobs (id) ON DELETE RESTRICT,
        export_file_sha256 text NOT NULL,
        first_deleted_seq bigint,
        kept_seq bigint NOT NULL,
        kept_hash text NOT NULL,
        deleted_count bigint NOT NULL DEFAULT 0,
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        purged_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX audit_retention_purges_org_idx ON audit_retention_purges (org_id, purged_at DESC)');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION sluice_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (
          SELECT 1 FROM audit_retention_purges p
           WHERE p.org_id = OLD.org_id AND p.tx_id = pg_current_xact_id() AND OLD.seq < p.kept_seq AND OLD.occurred_at < p.cutoff
        ) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION sluice_purge_audit_events(p_org uuid, p_cutoff timestamptz, p_export uuid)
        RETURNS TABLE (purge_id uuid, purged_rows bigint, boundary_seq bigint, boundary_hash text)
        LANGUAGE plpgsql AS $$
      DECLARE
        v_manifest jsonb;
        v_kept_seq bigint;
        v_kept_hash text;
        v_purge uuid;
        v_deleted bigint;
        v_first bigint;
      BEGIN
        SELECT e.manifest INTO v_manifest FROM export_jobs e
         WHERE e.id = p_export AND e.org_id = p_org AND e.kind = 'audit' AND e.status = 'succeeded';
        IF v_manifest IS NULL THEN
          RAISE EXCEPTION 'audit retention needs a succeeded audit export % of org %', p_export, p_org;
        END IF;
        IF (v_manifest->'filters') - 'to' <> '{}'::jsonb OR (v_manifest->'filters'->>'to')::timestamptz IS DISTINCT FROM p_cutoff THEN
          RAISE EXCEPTION 'export % was not made with exactly the filter {to: %}', p_export, p_cutoff;
        END IF;
        v_kept_seq := (v_manifest->>'lastSeq')::bigint;
        IF v_kept_seq IS NULL THEN
          RETURN;
        END IF;
        SELECT a.hash INTO v_kept_hash FROM audit_events a WHERE a.org_id = p_org AND a.seq = v_kept_seq;
        IF v_kept_hash IS DISTINCT FROM v_manifest->>'lastHash' THEN
          RAISE EXCEPTION 'the export''s last event (seq %) is not in audit_events as exported', v_kept_seq;
        END IF;
        INSERT INTO audit_retention_purges (org_id, cutoff, export_id, export_file_sha256, kept_seq, kept_hash)
        VALUES (p_org, p_cutoff, p_export, v_manifest->>'fileSha256', v_kept_seq, v_kept_hash)
        RETURNING id INTO v_purge;
        WITH gone AS (
          DELETE FROM audit_events a WHERE a.org_id = p_org AND a.seq < v_kept_seq AND a.occurred_at < p_cutoff RETURNING a.seq
        )
        SELECT count(*), min(gone.seq) INTO v_deleted, v_first FROM gone;
        UPDATE audit_retention_purges p SET deleted_count = v_deleted, first_deleted_seq = v_first WHERE p.id = v_purge;
        RETURN QUERY SELECT v_purge, v_deleted, v_kept_seq, v_kept_hash;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION sluice_purge_audit_events(uuid, timestamptz, uuid)');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION sluice_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query('DROP TABLE audit_retention_purges');
  }
}
