import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantPolicySql } from './tenant-policy';

export class WhatsappChannel1764000100000 implements MigrationInterface {
  name = 'WhatsappChannel1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE whatsapp_numbers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        phone_number_id text NOT NULL CHECK (phone_number_id ~ '^[0-9]{1,32}$'),
        display_phone_number text NOT NULL,
        waba_id text NOT NULL CHECK (waba_id ~ '^[0-9]{1,32}$'),
        access_token_enc bytea NOT NULL,
        app_secret_enc bytea NOT NULL,
        verify_token_hash bytea NOT NULL,
        mps integer NOT NULL DEFAULT 80 CHECK (mps BETWEEN 1 AND 1000),
        messaging_limit_tier text NOT NULL DEFAULT 'TIER_250'
          CHECK (messaging_limit_tier IN ('TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED')),
        sending_status text NOT NULL DEFAULT 'active' CHECK (sending_status IN ('active', 'stopped')),
        sending_stopped_reason text,
        credentials_rotated_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Meta routes every webhook by phone_number_id: it names one number in the whole deployment.
    await q.query(`CREATE UNIQUE INDEX whatsapp_numbers_phone_number_id ON whatsapp_numbers (phone_number_id)`);
    await q.query(`CREATE INDEX whatsapp_numbers_tenant ON whatsapp_numbers (tenant_id)`);
    await q.query(`CREATE INDEX whatsapp_numbers_verify_token ON whatsapp_numbers (verify_token_hash)`);
    for (const sql of tenantPolicySql('whatsapp_numbers')) await q.query(sql);

    await q.query(`
      CREATE TABLE webhook_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        whatsapp_number_id uuid NOT NULL REFERENCES whatsapp_numbers(id),
        event_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('message', 'status', 'user_preference', 'system_error')),
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        citizen_hash bytea,
        citizen_phone_enc bytea,
        citizen_user_id text,
        payload jsonb NOT NULL,
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    // Idempotent on Meta's ids, per comune (the key begins with tenant_id so uniqueness never spans comuni).
    await q.query(`CREATE UNIQUE INDEX webhook_events_key ON webhook_events (tenant_id, event_key)`);
    await q.query(`CREATE INDEX webhook_events_pending ON webhook_events (received_at) WHERE processed_at IS NULL`);
    for (const sql of tenantPolicySql('webhook_events')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_events, whatsapp_numbers`);
  }
}
