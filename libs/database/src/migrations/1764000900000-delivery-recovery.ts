import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryRecovery1764000900000 implements MigrationInterface {
  name = 'DeliveryRecovery1764000900000';

  async up(q: QueryRunner): Promise<void> {
    // A running batch says it is alive here (claimed_at stays the moment of the claim): the sweeper
    // takes a row for abandoned only when its batch has gone quiet.
    await q.query(`ALTER TABLE deliveries ADD COLUMN alive_at timestamptz`);
    // Just before a broadcast batch goes, the sender asks whether any of its recipients has written
    // something not yet acted on (a STOP waiting behind a backlog): only those few rows are indexed.
    await q.query(`
      CREATE INDEX webhook_events_pending_citizen ON webhook_events (tenant_id, citizen_hash)
        WHERE processed_at IS NULL AND kind IN ('message', 'user_preference')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_events_pending_citizen`);
    await q.query(`ALTER TABLE deliveries DROP COLUMN alive_at`);
  }
}
