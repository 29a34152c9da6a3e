import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * request_logs.bodies: the prompt and/or response text of a request, only when the logging policy of
 * its key/user/team/org asks for it (gateway, after guardrail redaction, each cut at 64 Ki characters):
 * `{"prompt": {"text", "truncated"}, "response": {"text", "truncated"}}`. NULL otherwise. Added on the
 * partitioned parent, so every existing and future daily partition has it.
 */
export class RequestLogBodies1764100001200 implements MigrationInterface {
  name = 'RequestLogBodies1764100001200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE request_logs ADD COLUMN bodies jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE request_logs DROP COLUMN bodies`);
  }
}
