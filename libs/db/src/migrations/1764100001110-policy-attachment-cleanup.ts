import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `policy_attachments.scope_id` is polymorphic (no foreign key), so deleting a team, user or API key
 * would leave its attachments behind (a policy that looks attached, and cannot be deleted, forever).
 * These triggers remove them with the scope, in the same transaction. Organizations cascade already.
 */
export class PolicyAttachmentCleanup1764100001110 implements MigrationInterface {
  name = 'PolicyAttachmentCleanup1764100001110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION policy_attachments_drop_scope() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM policy_attachments WHERE scope_type = TG_ARGV[0] AND scope_id = OLD.id;
        RETURN OLD;
      END
      $$`);
    for (const [table, scope] of [['teams', 'team'], ['users', 'user'], ['api_keys', 'key']]) {
      await queryRunner.query(`CREATE TRIGGER ${table}_drop_policy_attachments AFTER DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION policy_attachments_drop_scope('${scope}')`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['teams', 'users', 'api_keys']) await queryRunner.query(`DROP TRIGGER ${table}_drop_policy_attachments ON ${table}`);
    await queryRunner.query('DROP FUNCTION policy_attachments_drop_scope()');
  }
}
