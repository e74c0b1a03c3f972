import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantPolicySql } from './tenant-policy';

export class Feeds1764000500000 implements MigrationInterface {
  name = 'Feeds1764000500000';

  async up(q: QueryRunner): Promise<void> {
    // The news feeds (RSS/Atom) of a comune's website, and their health as the worker last saw it.
    await q.query(`
      CREATE TABLE feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        url text NOT NULL CHECK (url ~* '^https?://' AND length(url) <= 2000),
        mode text NOT NULL CHECK (mode IN ('review', 'auto')),
        topics text[] NOT NULL DEFAULT '{}',
        digest boolean NOT NULL DEFAULT false,
        filter_categories text[] NOT NULL DEFAULT '{}',
        filter_words text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        poll_interval_s integer NOT NULL DEFAULT 900 CHECK (poll_interval_s BETWEEN 60 AND 86400),
        etag text,
        last_modified text,
        last_fetched_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        failures integer NOT NULL DEFAULT 0,
        next_poll_at timestamptz NOT NULL DEFAULT now(),
        items_imported integer NOT NULL DEFAULT 0,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, url)
      )`);
    await q.query(`CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE enabled`);
    for (const sql of tenantPolicySql('feeds')) await q.query(sql);

    // Every entry ever seen in a feed, imported or not: the memory that keeps an item from being sent twice.
    await q.query(`
      CREATE TABLE feed_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES comuni(id),
        feed_id uuid NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        item_key text NOT NULL CHECK (item_key ~ '^[0-9a-f]{64}$'),
        link_key text CHECK (link_key ~ '^[0-9a-f]{64}$'),
        title text NOT NULL,
        link text,
        published_at timestamptz,
        outcome text NOT NULL CHECK (outcome IN ('baseline', 'filtered', 'draft', 'awaiting_approval', 'scheduled', 'digest')),
        note text,
        broadcast_id uuid REFERENCES broadcasts(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Never twice, even when two polls of the same feed race: the key begins with tenant_id.
    await q.query(`CREATE UNIQUE INDEX feed_items_key ON feed_items (tenant_id, feed_id, item_key)`);
    await q.query(`CREATE INDEX feed_items_link ON feed_items (tenant_id, feed_id, link_key) WHERE link_key IS NOT NULL`);
    await q.query(`CREATE INDEX feed_items_recent ON feed_items (tenant_id, feed_id, created_at DESC)`);
    for (const sql of tenantPolicySql('feed_items')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feed_items, feeds`);
  }
}
