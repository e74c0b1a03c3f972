import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Broadcast } from './broadcast.entity';
import { DeliveryReport, deliveryReport } from './delivery-report';

export interface AudienceCounts {
  recipients: number;
  insideWindow: number;
}

/** The SQL of broadcasts: audience, fan-out, progress. */
@Injectable()
export class BroadcastsRepository {
  // The comune is named although row-level security filters by it: the policy's OR cannot drive the
  // subscribers_audience index, and without it each count and fan-out reads every comune's subscribers.
  private audienceWhere = (tenantParam: string) =>
    `s.tenant_id = ${tenantParam} and s.status = 'active' and ($1::boolean or cardinality($2::text[]) = 0 or s.topics && $2::text[])`;

  async audience(em: EntityManager, b: Pick<Broadcast, 'tenantId' | 'priority' | 'topics'>, windowStart: Date): Promise<AudienceCounts> {
    const [row] = await em.query(
      `select count(*)::int as recipients, count(*) filter (where s.last_inbound_at > $3)::int as inside_window
         from subscribers s where ${this.audienceWhere('$4')}`,
      [b.priority === 'urgent', b.topics, windowStart, b.tenantId],
    );
    return { recipients: row.recipients, insideWindow: row.inside_window };
  }

  /**
   * The audience becomes delivery rows in one set-based statement. Urgent alerts go to every
   * subscriber whatever their topics. The unique key (broadcast, subscriber) makes a repeated start
   * harmless: nobody is added twice.
   */
  async fanOut(em: EntityManager, b: Broadcast, whatsappNumberId: string): Promise<number> {
    const result = await em.query(
      `insert into deliveries (tenant_id, whatsapp_number_id, lane, subscriber_id, recipient_hash, recipient_enc, broadcast_id)
       select s.tenant_id, $3, $4, s.id, s.phone_hash, s.phone_enc, $5
         from subscribers s where ${this.audienceWhere('$6')}
       on conflict do nothing`,
      [b.priority === 'urgent', b.topics, whatsappNumberId, b.priority === 'urgent' ? 'urgent' : 'news', b.id, b.tenantId],
    );
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  /** Unique citizens this comune reached outside a 24-hour window, per minute of the last 24 hours. */
  async reachedInWindow(em: EntityManager, tenantId: string): Promise<{ at: Date; count: number }[]> {
    // Named comune: under RLS alone this read every comune's deliveries on each submit and estimate.
    return em.query(
      `select date_trunc('minute', d.sent_at) as at, count(distinct d.recipient_hash)::int as count
         from deliveries d
        where d.tenant_id = $1 and d.sent_at > now() - interval '24 hours' and d.broadcast_id is not null
        group by 1 order by 1`,
      [tenantId],
    );
  }

  /** Recipients of a broadcast who are outside their 24-hour window, so count against Meta's limit. */
  async outsideWindow(em: EntityManager, broadcastId: string): Promise<number> {
    const [row] = await em.query(
      `select count(*)::int as n from deliveries d join subscribers s on s.id = d.subscriber_id
        where d.broadcast_id = $1 and (s.last_inbound_at is null or s.last_inbound_at < now() - interval '24 hours')`,
      [broadcastId],
    );
    return row.n;
  }

  /**
   * Meta's limit on unique users per 24 hours: the first `sendNow` outside-window recipients go at
   * once, the rest wait for the slots the moving window frees (one statement, whatever the size).
   */
  async paceOutsideWindow(em: EntityManager, broadcastId: string, sendNow: number, later: readonly { at: Date; count: number }[]): Promise<void> {
    if (!later.length) return;
    let upTo = sendNow;
    const bounds = later.map((slot) => ({ at: slot.at.toISOString(), upto: (upTo += slot.count) }));
    await em.query(
      `with ranked as (
         select d.id, row_number() over (order by d.id) as rn
           from deliveries d join subscribers s on s.id = d.subscriber_id
          where d.broadcast_id = $1 and (s.last_inbound_at is null or s.last_inbound_at < now() - interval '24 hours'))
       update deliveries d set next_attempt_at = coalesce(
           (select b.at from jsonb_to_recordset($3::jsonb) as b(at timestamptz, upto bigint) where r.rn <= b.upto order by b.upto limit 1),
           'infinity')
         from ranked r where d.id = r.id and r.rn > $2`,
      [broadcastId, sendNow, JSON.stringify(bounds)],
    );
  }

  /** The report's counts: from the rows, or kept on the broadcast once retention may have deleted them. */
  progress(em: EntityManager, broadcastId: string): Promise<DeliveryReport> {
    return deliveryReport(em, broadcastId);
  }

  async cancelQueued(em: EntityManager, broadcastId: string): Promise<void> {
    await em.query(
      `update deliveries set status = 'cancelled', recipient_enc = null, error_reason = 'Invio annullato dal Comune.'
        where broadcast_id = $1 and status = 'queued'`,
      [broadcastId],
    );
  }

  /**
   * What is left to do: when the next queued row is due (null when none is), and how many rows are
   * being sent or of unknown fate. Read after every batch, so both come from small index ranges
   * (`deliveries_broadcast_queued`, and the few rows in flight), never from a count of the queue.
   */
  async remaining(em: EntityManager, broadcastId: string): Promise<{ nextDueInMs: number | null; inFlight: number }> {
    const [row] = await em.query(
      `select (select extract(epoch from (next_attempt_at - now())) * 1000 from deliveries
                where broadcast_id = $1 and status = 'queued' order by next_attempt_at limit 1) as next_due_ms,
              -- An uncertain row Meta has not confirmed is not done: it is settled by its status, or sent again.
              (select count(*)::int from deliveries
                where broadcast_id = $1 and status in ('sending', 'uncertain') and (status = 'sending' or meta_message_id is null)) as in_flight`,
      [broadcastId],
    );
    return { nextDueInMs: row.next_due_ms === null ? null : Math.max(0, Number(row.next_due_ms)), inFlight: row.in_flight };
  }

}
