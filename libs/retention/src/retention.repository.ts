import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeliveryRow, IN_PROGRESS_DELIVERY_STATUSES, SweepWindow, WebhookEventRow } from './retention-policy';

/** The rows of one window, and what the walk needs to know about it. */
export interface Window<R> extends SweepWindow {
  items: R[];
  lastId: string | null;
}

/** Any constant would do: it only has to be the same in every worker of the deployment. */
const SWEEP_LOCK_KEY = 7_334_190_211;

/**
 * The SQL of the retention sweep, provider-wide (the caller is in the platform scope). Every table is
 * walked along its primary key in windows of a bounded number of rows, oldest first: each statement
 * reads or deletes at most one window, through an index, whatever the size of the backlog, and needs
 * no index on the timestamps (a b-tree on deliveries.queued_at would cost every fan-out).
 */
@Injectable()
export class RetentionRepository {
  /** One sweep step at a time in the whole deployment; false when another worker's step holds it. */
  async takeSweepLock(em: EntityManager): Promise<boolean> {
    const [row] = await em.query(`select pg_try_advisory_xact_lock($1) as taken`, [SWEEP_LOCK_KEY]);
    return row.taken === true;
  }

  /** Postgres's own time: the rows' timestamps were written by it, so the cutoffs are measured on the same clock. */
  async now(em: EntityManager): Promise<Date> {
    const [row] = await em.query(`select now() as now`);
    return row.now;
  }

  async deliveriesWindow(em: EntityManager, afterId: string, size: number): Promise<Window<DeliveryRow>> {
    const rows: { id: string; status: string; queued_at: Date; broadcast_id: string | null; report_kept: boolean }[] = await em.query(
      `select d.id::text as id, d.status, d.queued_at, d.broadcast_id, b.delivery_report is not null as report_kept
         from (select id, status, queued_at, broadcast_id from deliveries where id > $1 order by id limit $2) d
         left join broadcasts b on b.id = d.broadcast_id
        order by d.id`,
      [afterId, size],
    );
    return windowOf(
      rows.map((r) => ({ id: r.id, status: r.status, queuedAt: r.queued_at, broadcastId: r.broadcast_id, reportKept: r.report_kept })),
      (r) => r.queuedAt,
    );
  }

  /** Deletes the chosen messages sent; the status is checked again so that a row in progress never goes. */
  async deleteDeliveries(em: EntityManager, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    return affected(
      await em.query(`delete from deliveries where id = any($1::bigint[]) and status <> all($2::text[])`, [ids, IN_PROGRESS_DELIVERY_STATUSES]),
    );
  }

  async webhookEventsWindow(em: EntityManager, afterId: string, size: number): Promise<Window<WebhookEventRow>> {
    // 30 days is the column's default when a comune never saved its settings (as in the sweeper's purge of words).
    const rows: { id: string; kind: string; received_at: Date; processed: boolean; words_days: number }[] = await em.query(
      `select e.id::text as id, e.kind, e.received_at, e.processed_at is not null as processed,
              coalesce(s.inbound_retention_days, 30) as words_days
         from (select id, tenant_id, kind, received_at, processed_at from webhook_events where id > $1 order by id limit $2) e
         left join service_settings s on s.tenant_id = e.tenant_id
        order by e.id`,
      [afterId, size],
    );
    return windowOf(
      rows.map((r) => ({ id: r.id, kind: r.kind, receivedAt: r.received_at, processed: r.processed, wordsDays: r.words_days })),
      (r) => r.receivedAt,
    );
  }

  /** Deletes the chosen events; only processed ones, checked again, since an unprocessed event is work to do. */
  async deleteWebhookEvents(em: EntityManager, ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    return affected(await em.query(`delete from webhook_events where id = any($1::bigint[]) and processed_at is not null`, [ids]));
  }

  /**
   * One window of the audit log, through the only door that may delete from it: the database
   * function checks the scope and the floor, deletes, and writes the audit entry of the purge.
   */
  async purgeAuditWindow(em: EntityManager, cutoff: Date, afterId: string, size: number): Promise<SweepWindow & { lastId: string | null; purged: number }> {
    const [row]: { last_id: string | null; newest_at: Date | null; scanned: number; purged: number }[] = await em.query(
      `select last_id::text as last_id, newest_at, scanned, purged from purge_audit_log($1, $2, $3)`,
      [cutoff, afterId, size],
    );
    return { rows: row.scanned, newest: row.newest_at, lastId: row.last_id, purged: row.purged };
  }
}

function windowOf<R extends { id: string }>(items: R[], timeOf: (r: R) => Date): Window<R> {
  const newest = items.reduce<Date | null>((max, r) => (max === null || timeOf(r) > max ? timeOf(r) : max), null);
  return { items, rows: items.length, newest, lastId: items.length ? items[items.length - 1].id : null };
}

/** TypeORM answers a DELETE with [rows, affected count]. */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
