import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoppedNumberHold1764001000000 implements MigrationInterface {
  name = 'StoppedNumberHold1764001000000';

  async up(q: QueryRunner): Promise<void> {
    // Rows held back because their number was stopped say so, so the sweeper can let them go as soon
    // as the number sends again, whoever reactivated it and whatever raced with the rotation. The
    // reason text cannot serve: it is Meta's refusal, worded in many ways. A constant default adds
    // the column without rewriting the table.
    await q.query(`ALTER TABLE deliveries ADD COLUMN held_for_stopped_number boolean NOT NULL DEFAULT false`);
    // Usually empty: the sweeper's look every few seconds costs nothing on a table of millions.
    await q.query(`
      CREATE INDEX deliveries_held_for_stopped_number ON deliveries (whatsapp_number_id)
        WHERE held_for_stopped_number AND status = 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_held_for_stopped_number`);
    await q.query(`ALTER TABLE deliveries DROP COLUMN held_for_stopped_number`);
  }
}
