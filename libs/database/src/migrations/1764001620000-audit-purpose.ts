import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditPurpose1764001620000 implements MigrationInterface {
  name = 'AuditPurpose1764001620000';

  async up(q: QueryRunner): Promise<void> {
    // Provider-wide work names its purpose in the transaction (TenantDb.asPlatform sets app.purpose).
    // The column takes it by default, so every entry written in the platform scope says which door
    // let it in, whoever wrote it, and code cannot forget to pass it. NULL in a comune's own scope.
    await q.query(`ALTER TABLE audit_log ADD COLUMN purpose text DEFAULT nullif(current_setting('app.purpose', true), '')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP COLUMN purpose`);
  }
}
