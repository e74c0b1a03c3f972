import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantPolicySql } from './tenant-policy';

export class Broadcasts1764000300000 implements MigrationInterface {
  name = 'Broadcasts1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_settings
        ADD COLUMN require_approval boolean NOT NULL DEFAULT false,
        ADD COLUMN quiet_hours_start text CHECK (quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        ADD COLUMN quiet_hours_end text CHECK (quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`);

    // A comune's WhatsApp templates, as approved by Meta for one of its numbers.
    await q.query(`
      CREATE TABLE whatsapp_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        whatsapp_number_id uuid NOT NULL REFERENCES whatsapp_numbers(id),
        name text NOT NULL CHECK (name ~ '^[a-z0-9_]+$' AND length(name) <= 512),
        language text NOT NULL DEFAULT 'it',
        category text NOT NULL CHECK (category IN ('UTILITY', 'MARKETING')),
        body text NOT NULL CHECK (length(body) <= 1024),
        param_count integer NOT NULL CHECK (param_count BETWEEN 1 AND 10),
        unsubscribe_button boolean NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, whatsapp_number_id, name, language)
      )`);
    for (const sql of tenantPolicySql('whatsapp_templates')) await q.query(sql);

    await q.query(`
      CREATE TABLE broadcasts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        title text NOT NULL,
        body text NOT NULL,
        media_url text,
        media_kind text CHECK (media_kind IN ('image', 'document')),
        topics text[] NOT NULL DEFAULT '{}',
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'urgent')),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'awaiting_approval', 'scheduled', 'sending', 'paused', 'completed', 'cancelled')),
        template_id uuid REFERENCES whatsapp_templates(id),
        scheduled_at timestamptz,
        send_after timestamptz,
        expires_at timestamptz,
        started_at timestamptz,
        completed_at timestamptz,
        created_by uuid,
        approved_by uuid,
        is_test boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((media_url IS NULL) = (media_kind IS NULL))
      )`);
    await q.query(`CREATE INDEX broadcasts_due ON broadcasts (send_after) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX broadcasts_tenant ON broadcasts (tenant_id, created_at DESC)`);
    for (const sql of tenantPolicySql('broadcasts')) await q.query(sql);

    await q.query(`ALTER TABLE deliveries ADD COLUMN broadcast_id uuid REFERENCES broadcasts(id)`);
    // Never twice: one delivery per broadcast and subscriber, whatever retries or restarts happen.
    await q.query(`CREATE UNIQUE INDEX deliveries_broadcast_subscriber ON deliveries (tenant_id, broadcast_id, subscriber_id) WHERE broadcast_id IS NOT NULL`);
    await q.query(`CREATE INDEX deliveries_broadcast_status ON deliveries (broadcast_id, status) WHERE broadcast_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries DROP COLUMN broadcast_id`);
    await q.query(`DROP TABLE broadcasts, whatsapp_templates`);
    await q.query(`ALTER TABLE service_settings DROP COLUMN require_approval, DROP COLUMN quiet_hours_start, DROP COLUMN quiet_hours_end`);
  }
}
