import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TemplateShape } from './plain-text';

export type ItemOutcome = 'baseline' | 'filtered' | 'draft' | 'awaiting_approval' | 'scheduled' | 'digest';

export interface NewItem {
  tenantId: string;
  feedId: string;
  itemKey: string;
  linkKey: string | null;
  title: string;
  link: string | null;
  publishedAt: Date | null;
  outcome: ItemOutcome;
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : (result as T[]));

/** The SQL of feeds: due feeds, the memory of seen items, health. */
@Injectable()
export class FeedsRepository {
  /**
   * Feeds due for a fetch, claimed with a short lease (next_poll_at pushed ahead) so that other
   * workers' ticks skip them; the poll sets the real next time. A poll lost with Redis is retried
   * when the lease runs out.
   */
  async claimDue(em: EntityManager, limit: number, leaseS: number): Promise<{ tenant_id: string; id: string }[]> {
    return rowsOf(
      await em.query(
        `update feeds set next_poll_at = now() + make_interval(secs => $2)
          where id in (select id from feeds where enabled and next_poll_at <= now() order by next_poll_at limit $1 for update skip locked)
          returning tenant_id, id`,
        [limit, leaseS],
      ),
    );
  }

  /** Which of these keys the feed has seen, by item key or by link (a GUID rewritten, the same article). */
  async known(em: EntityManager, feedId: string, itemKeys: string[], linkKeys: string[]): Promise<{ itemKeys: Set<string>; linkKeys: Set<string> }> {
    const rows: { item_key: string; link_key: string | null }[] = await em.query(
      `select item_key, link_key from feed_items where feed_id = $1 and (item_key = any($2::text[]) or link_key = any($3::text[]))`,
      [feedId, itemKeys, linkKeys],
    );
    return { itemKeys: new Set(rows.map((r) => r.item_key)), linkKeys: new Set(rows.map((r) => r.link_key).filter((k): k is string => !!k)) };
  }

  /** Inserts the item unless the feed already has it; returns its id only when this call inserted it. */
  async insertItem(em: EntityManager, item: NewItem): Promise<string | undefined> {
    const rows: { id: string }[] = await em.query(
      `insert into feed_items (tenant_id, feed_id, item_key, link_key, title, link, published_at, outcome)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (tenant_id, feed_id, item_key) do nothing returning id`,
      [item.tenantId, item.feedId, item.itemKey, item.linkKey, item.title.slice(0, 500), item.link?.slice(0, 2000) ?? null, item.publishedAt, item.outcome],
    );
    return rows[0]?.id;
  }

  async settleItem(em: EntityManager, itemId: string, outcome: ItemOutcome, broadcastId: string | null, note: string | null): Promise<void> {
    await em.query(`update feed_items set outcome = $2, broadcast_id = $3, note = $4 where id = $1`, [itemId, outcome, broadcastId, note]);
    if (broadcastId) await em.query(`update feeds set items_imported = items_imported + 1 where id = (select feed_id from feed_items where id = $1)`, [itemId]);
  }

  recent(em: EntityManager, feedId: string, limit: number) {
    return em.query(
      `select id, title, link, published_at, outcome, note, broadcast_id, created_at from feed_items where feed_id = $1 order by created_at desc, id limit $2`,
      [feedId, limit],
    ) as Promise<{ id: string; title: string; link: string | null; published_at: Date | null; outcome: string; note: string | null; broadcast_id: string | null; created_at: Date }[]>;
  }

  async recordSuccess(em: EntityManager, feedId: string, r: { etag: string | null; lastModified: string | null; nextInS: number }): Promise<void> {
    await em.query(
      `update feeds set etag = $2, last_modified = $3, last_fetched_at = now(), last_success_at = now(), last_error = null, failures = 0,
              next_poll_at = now() + make_interval(secs => $4) where id = $1`,
      [feedId, r.etag, r.lastModified, r.nextInS],
    );
  }

  async recordNotModified(em: EntityManager, feedId: string, nextInS: number): Promise<void> {
    await em.query(
      `update feeds set last_fetched_at = now(), last_success_at = now(), last_error = null, failures = 0, next_poll_at = now() + make_interval(secs => $2) where id = $1`,
      [feedId, nextInS],
    );
  }

  async recordFailure(em: EntityManager, feedId: string, error: string, nextInS: number): Promise<void> {
    await em.query(
      `update feeds set last_fetched_at = now(), last_error = $2, failures = failures + 1, next_poll_at = now() + make_interval(secs => $3) where id = $1`,
      [feedId, error.slice(0, 500), nextInS],
    );
  }

  /**
   * The tightest of the comune's approved bulletin templates, so a summary sized for it fits any:
   * the most fixed text and the most parameters.
   */
  async templateShape(em: EntityManager): Promise<TemplateShape | undefined> {
    const [row] = await em.query(
      `select max(length(regexp_replace(body, '\\{\\{\\s*\\d+\\s*\\}\\}', '', 'g')))::int as fixed, max(param_count)::int as params
         from whatsapp_templates where status = 'APPROVED' and unsubscribe_button`,
    );
    return row?.fixed == null ? undefined : { fixedTextLength: row.fixed, paramCount: row.params };
  }
}
