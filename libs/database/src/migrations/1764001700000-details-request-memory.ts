import { MigrationInterface, QueryRunner } from 'typeorm';

export class DetailsRequestMemory1764001700000 implements MigrationInterface {
  name = 'DetailsRequestMemory1764001700000';

  async up(q: QueryRunner): Promise<void> {
    // The last request for missing details (Saronno): which capturing rule and which field keys were
    // missing, and when. A reply without the phrase is read against it, and a request that makes
    // progress is answered at once. Never the details themselves: names live only on the subscriber
    // record, once subscribed. All three columns are set together or not at all.
    await q.query(`
      ALTER TABLE auto_replies
        ADD COLUMN details_rule_id text,
        ADD COLUMN details_missing text[],
        ADD COLUMN details_requested_at timestamptz,
        ADD CONSTRAINT auto_replies_details_whole CHECK (
          (details_rule_id IS NULL) = (details_missing IS NULL) AND (details_rule_id IS NULL) = (details_requested_at IS NULL)
        )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE auto_replies
        DROP CONSTRAINT auto_replies_details_whole,
        DROP COLUMN details_rule_id,
        DROP COLUMN details_missing,
        DROP COLUMN details_requested_at`);
  }
}
