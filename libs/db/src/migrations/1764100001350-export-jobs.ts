import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * export_jobs: audit exports and usage (chargeback) reports, created by the admin API and written by
 * the worker to a file under EXPORTS_DIR. `manifest` is the signed manifest once the job succeeded.
 * Also indexes for request-log lookups by request id and by event id.
 */
export class ExportJobs1764100001350 implements MigrationInterface {
  name = 'ExportJobs1764100001350';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE export_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT export_jobs_kind_check CHECK (kind IN ('audit', 'usage_report')),
        format text NOT NULL CONSTRAINT export_jobs_format_check CHECK (format IN ('csv', 'jsonl')),
        status text NOT NULL DEFAULT 'queued' CONSTRAINT export_jobs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        filters jsonb NOT NULL DEFAULT '{}',
        rows_written bigint NOT NULL DEFAULT 0,
        rows_estimated bigint,
        file_name text,
        file_bytes bigint,
        manifest jsonb,
        error text,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX export_jobs_org_kind_created_idx ON export_jobs (org_id, kind, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX request_logs_org_request_id_idx ON request_logs (org_id, request_id)');
    await queryRunner.query('CREATE INDEX request_logs_event_id_idx ON request_logs (event_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX request_logs_event_id_idx');
    await queryRunner.query('DROP INDEX request_logs_org_request_id_idx');
    await queryRunner.query('DROP TABLE export_jobs');
  }
}
