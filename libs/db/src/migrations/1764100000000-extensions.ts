import type { MigrationInterface, QueryRunner } from 'typeorm';

/** pgvector backs the semantic cache. gen_random_uuid() is built into PostgreSQL ≥ 13, so pgcrypto is not needed. */
export class Extensions1764100000000 implements MigrationInterface {
  name = 'Extensions1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS vector');
  }

  async down(): Promise<void> {
    // The extension may be shared with objects this project does not own; leave it installed.
  }
}
