import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderHealth1764000600000 implements MigrationInterface {
  name = 'ProviderHealth1764000600000';

  async up(q: QueryRunner): Promise<void> {
    // The provider's health view reads the last 24 hours of sends of every comune. queued_at only grows,
    // so a BRIN index finds that tail for a few kilobytes, and costs the hot insert path next to nothing.
    await q.query(`CREATE INDEX deliveries_queued_at_brin ON deliveries USING brin (queued_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_queued_at_brin`);
  }
}
