import { MigrationInterface, QueryRunner } from 'typeorm';

export class Digests1764000400000 implements MigrationInterface {
  name = 'Digests1764000400000';

  async up(q: QueryRunner): Promise<void> {
    // San Giuliano: news twice a week, gathered into one message on the comune's own schedule.
    await q.query(`
      ALTER TABLE service_settings
        ADD COLUMN digest_days text[] NOT NULL DEFAULT '{}'
          CHECK (digest_days <@ ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
        ADD COLUMN digest_time text CHECK (digest_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`);
    await q.query(`
      ALTER TABLE broadcasts
        ADD COLUMN digest boolean NOT NULL DEFAULT false,
        ADD COLUMN digest_id uuid REFERENCES broadcasts(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE broadcasts DROP COLUMN digest_id, DROP COLUMN digest`);
    await q.query(`ALTER TABLE service_settings DROP COLUMN digest_time, DROP COLUMN digest_days`);
  }
}
