import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantPolicySql } from './tenant-policy';

export class Subscriptions1764000200000 implements MigrationInterface {
  name = 'Subscriptions1764000200000';

  async up(q: QueryRunner): Promise<void> {
    // How a comune's service behaves; one row per comune, created with defaults when first read.
    await q.query(`
      CREATE TABLE service_settings (
        tenant_id uuid PRIMARY KEY REFERENCES comuni(id),
        keyword_set jsonb NOT NULL,
        confirmation_required boolean NOT NULL DEFAULT false,
        erase_on_unsubscribe boolean NOT NULL DEFAULT false,
        auto_reply_interval_minutes integer NOT NULL DEFAULT 1440 CHECK (auto_reply_interval_minutes BETWEEN 1 AND 43200),
        inbound_retention_days integer NOT NULL DEFAULT 30 CHECK (inbound_retention_days BETWEEN 1 AND 365),
        messages jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const sql of tenantPolicySql('service_settings')) await q.query(sql);

    await q.query(`
      CREATE TABLE privacy_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        version integer NOT NULL CHECK (version > 0),
        title text NOT NULL,
        body text,
        url text,
        effective_from timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (body IS NOT NULL OR url IS NOT NULL),
        UNIQUE (tenant_id, version)
      )`);
    await q.query(`CREATE TRIGGER privacy_notices_append_only BEFORE UPDATE OR DELETE ON privacy_notices
                   FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    for (const sql of tenantPolicySql('privacy_notices')) await q.query(sql);

    await q.query(`
      CREATE TABLE subscribers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        phone_hash bytea NOT NULL,
        phone_enc bytea NOT NULL,
        user_id text,
        status text NOT NULL CHECK (status IN ('pending_confirmation', 'active', 'unsubscribed')),
        topics text[] NOT NULL DEFAULT '{}',
        fields jsonb NOT NULL DEFAULT '{}'::jsonb,
        marketing_opt_out boolean NOT NULL DEFAULT false,
        notice_version integer,
        subscribed_at timestamptz,
        unsubscribed_at timestamptz,
        state_changed_at timestamptz NOT NULL,
        last_inbound_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, phone_hash)
      )`);
    await q.query(`CREATE INDEX subscribers_audience ON subscribers (tenant_id, status) INCLUDE (topics)`);
    await q.query(`CREATE INDEX subscribers_user_id ON subscribers (tenant_id, user_id) WHERE user_id IS NOT NULL`);
    for (const sql of tenantPolicySql('subscribers')) await q.query(sql);

    // Evidence of consent (GDPR art. 7(1)): append-only, and keyed by the number's hash, not the
    // subscriber row, so it outlives the erasure of the number.
    await q.query(`
      CREATE TABLE consent_ledger (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        phone_hash bytea NOT NULL,
        action text NOT NULL CHECK (action IN ('opt_in', 'opt_in_requested', 'confirm', 'opt_out', 'erase', 'topics',
                                               'marketing_stop', 'marketing_resume', 'number_change')),
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        meta_message_id text,
        words_received text,
        rule_matched text,
        notice_version integer,
        channel text NOT NULL DEFAULT 'whatsapp',
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX consent_ledger_phone ON consent_ledger (tenant_id, phone_hash, occurred_at)`);
    await q.query(`CREATE INDEX consent_ledger_day ON consent_ledger (tenant_id, occurred_at)`);
    await q.query(`CREATE TRIGGER consent_ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON consent_ledger
                   FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    for (const sql of tenantPolicySql('consent_ledger')) await q.query(sql);

    // When a citizen last got the automatic "this number does not read messages" answer: only a hash,
    // so that a person who never subscribed leaves no number behind.
    await q.query(`
      CREATE TABLE auto_replies (
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        phone_hash bytea NOT NULL,
        last_sent_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, phone_hash)
      )`);
    for (const sql of tenantPolicySql('auto_replies')) await q.query(sql);

    // Everything Bacheca sends through Meta: replies now, broadcasts later. Lanes keep replies
    // and alerts from waiting behind bulk news.
    await q.query(`
      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        whatsapp_number_id uuid NOT NULL REFERENCES whatsapp_numbers(id),
        lane text NOT NULL CHECK (lane IN ('urgent', 'reply', 'news')),
        subscriber_id uuid,
        recipient_hash bytea NOT NULL,
        recipient_enc bytea,
        message jsonb,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'uncertain', 'expired', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        meta_message_id text,
        error_code integer,
        error_reason text,
        queued_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        sent_at timestamptz,
        delivered_at timestamptz,
        read_at timestamptz,
        failed_at timestamptz
      )`);
    await q.query(`CREATE INDEX deliveries_due ON deliveries (tenant_id, lane, next_attempt_at) WHERE status = 'queued'`);
    await q.query(`CREATE UNIQUE INDEX deliveries_meta_id ON deliveries (tenant_id, meta_message_id) WHERE meta_message_id IS NOT NULL`);
    for (const sql of tenantPolicySql('deliveries')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deliveries, auto_replies, consent_ledger, subscribers, privacy_notices, service_settings`);
  }
}
