import { EntityManager } from 'typeorm';

/** What a broadcast's report is made of: its delivery rows counted by status, and its failures by reason. */
export interface DeliveryReport {
  byStatus: Record<string, number>;
  failures: Record<string, number>;
}

async function countDeliveries(em: EntityManager, broadcastId: string): Promise<DeliveryReport> {
  const rows: { status: string; n: number }[] = await em.query(
    `select status, count(*)::int as n from deliveries where broadcast_id = $1 group by status`,
    [broadcastId],
  );
  const failures: { reason: string; n: number }[] = await em.query(
    `select coalesce(error_reason, 'Motivo non indicato') || coalesce(' (' || error_code || ')', '') as reason, count(*)::int as n
       from deliveries where broadcast_id = $1 and status = 'failed' group by 1 order by 2 desc limit 20`,
    [broadcastId],
  );
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    failures: Object.fromEntries(failures.map((f) => [f.reason, f.n])),
  };
}

/**
 * The report of a broadcast: counted from its delivery rows, or, once the retention sweep has kept
 * the counts on the broadcast (and may have deleted the rows), those counts. A town clerk opening
 * an alert of last year sees the totals it had when it was kept.
 */
export async function deliveryReport(em: EntityManager, broadcastId: string): Promise<DeliveryReport> {
  const [kept]: { delivery_report: DeliveryReport }[] = await em.query(
    `select delivery_report from broadcasts where id = $1 and delivery_report is not null`,
    [broadcastId],
  );
  return kept ? kept.delivery_report : countDeliveries(em, broadcastId);
}

/**
 * Keeps the counts of up to `limit` broadcasts finished (completed or cancelled) before
 * `finishedBefore` on the broadcasts themselves, so that their delivery rows can go. Rows still in
 * progress then (an `uncertain` send awaiting Meta's status) are counted as they stand; the sweep
 * never deletes them. Provider-wide: the caller runs it in the platform scope. Returns how many.
 */
export async function keepDeliveryReports(em: EntityManager, finishedBefore: Date, limit: number): Promise<number> {
  const due: { id: string }[] = await em.query(
    `select id from broadcasts
      where delivery_report is null and status in ('completed', 'cancelled') and completed_at < $1
      order by completed_at limit $2 for update skip locked`,
    [finishedBefore, limit],
  );
  for (const { id } of due) {
    await em.query(`update broadcasts set delivery_report = $2::jsonb where id = $1`, [id, JSON.stringify(await countDeliveries(em, id))]);
  }
  return due.length;
}
