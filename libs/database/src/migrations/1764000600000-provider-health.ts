import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderHealth1764000600000 implements MigrationInterface {
  name = 'ProviderHealth1764000600000';

  async up(q: QueryRunner): Promise<void> {
    // The provider's health view reads the last 24 hours of sends of every comune. queued_at only grows,
    // so a BRIN index finds that tail for a few kilobytes, and costs the hot insert path next to nothing.
    await q.query(`CREATE INDEX deliveries_queued_at_brin ON deliveries USING brin (queued_at)`);
    // Meta's template status webhooks: stored like any event, with Meta's reason on the template.
    await q.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_kind_check`);
    await q.query(`ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_kind_check CHECK (kind IN ('message', 'status', 'user_preference', 'system_error', 'template_status'))`);
    await q.query(`ALTER TABLE whatsapp_templates ADD COLUMN status_reason text CHECK (length(status_reason) <= 200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE whatsapp_templates DROP COLUMN status_reason`);
    await q.query(`DELETE FROM webhook_events WHERE kind = 'template_status'`);
    await q.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_kind_check`);
    await q.query(`ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_kind_check CHECK (kind IN ('message', 'status', 'user_preference', 'system_error'))`);
    await q.query(`DROP INDEX deliveries_queued_at_brin`);
  }
}
