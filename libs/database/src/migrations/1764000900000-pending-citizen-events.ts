import { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingCitizenEvents1764000900000 implements MigrationInterface {
  name = 'PendingCitizenEvents1764000900000';

  async up(q: QueryRunner): Promise<void> {
    // Just before a broadcast batch goes, the sender asks whether any of its recipients has written
    // something not yet acted on (a STOP waiting behind a backlog): only those few rows are indexed.
    await q.query(`
      CREATE INDEX webhook_events_pending_citizen ON webhook_events (tenant_id, citizen_hash)
        WHERE processed_at IS NULL AND kind IN ('message', 'user_preference')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_events_pending_citizen`);
  }
}
