import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { STATUS_RANK, StatusUpdate } from './status-updates';

export interface NewReply {
  tenantId: string;
  whatsappNumberId: string;
  subscriberId: string | null;
  recipientHash: Buffer;
  recipientEnc: Buffer;
  text: string;
}

export interface ClaimedDelivery {
  id: string;
  whatsappNumberId: string;
  lane: string;
  recipientEnc: Buffer | null;
  message: { type: 'text'; body: string } | null;
  attempts: number;
  broadcastId: string | null;
  subscriberId: string | null;
}

const CLAIMED_COLUMNS = 'd.id, d.whatsapp_number_id, d.lane, d.recipient_enc, d.message, d.attempts, d.broadcast_id, d.subscriber_id';

function toClaimed(r: Record<string, unknown>): ClaimedDelivery {
  return {
    id: String(r.id),
    whatsappNumberId: r.whatsapp_number_id as string,
    lane: r.lane as string,
    recipientEnc: r.recipient_enc as Buffer | null,
    message: r.message as ClaimedDelivery['message'],
    attempts: r.attempts as number,
    broadcastId: (r.broadcast_id as string | null) ?? null,
    subscriberId: (r.subscriber_id as string | null) ?? null,
  };
}

/** TypeORM answers an UPDATE … RETURNING with [rows, count] on Postgres, an INSERT with rows. */
function returned<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}

/** The SQL of the deliveries table: queueing, claiming, and recording what Meta answered. */
@Injectable()
export class OutboxRepository {
  async enqueueReply(em: EntityManager, r: NewReply): Promise<string> {
    const [row] = await em.query(
      `insert into deliveries (tenant_id, whatsapp_number_id, lane, subscriber_id, recipient_hash, recipient_enc, message)
       values ($1, $2, 'reply', $3, $4, $5, $6::jsonb) returning id`,
      [r.tenantId, r.whatsappNumberId, r.subscriberId, r.recipientHash, r.recipientEnc, JSON.stringify({ type: 'text', body: r.text })],
    );
    return String(row.id);
  }

  /**
   * Takes due deliveries for sending. `skip locked` lets several workers claim from the same comune
   * without waiting on each other or taking the same row; the status moves to `sending` in the same
   * statement, so a crash afterwards leaves a visible `sending` row for the sweeper, never a lost one.
   */
  async claim(em: EntityManager, ids: string[]): Promise<ClaimedDelivery[]> {
    const rows = await em.query(
      `update deliveries d set status = 'sending', attempts = d.attempts + 1, claimed_at = now(), alive_at = null,
              held_for_stopped_number = false
         from (select id from deliveries where id = any($1::bigint[]) and status = 'queued' and next_attempt_at <= now()
               order by id for update skip locked) due
        where d.id = due.id
        returning ${CLAIMED_COLUMNS}`,
      [ids],
    );
    return returned<Record<string, unknown>>(rows).map(toClaimed);
  }

  /**
   * The next due batch of one broadcast: the job carries the broadcast, Postgres says which rows.
   * Ordered as the `deliveries_broadcast_queued` index is, so a batch reads its own rows and not every
   * row still queued (which made a send quadratic in its size).
   */
  async claimForBroadcast(em: EntityManager, broadcastId: string, limit: number): Promise<ClaimedDelivery[]> {
    const rows = await em.query(
      `update deliveries d set status = 'sending', attempts = d.attempts + 1, claimed_at = now(), alive_at = null,
              held_for_stopped_number = false
         from (select id from deliveries where broadcast_id = $1 and status = 'queued' and next_attempt_at <= now()
               order by next_attempt_at, id limit $2 for update skip locked) due
        where d.id = due.id
        returning ${CLAIMED_COLUMNS}`,
      [broadcastId, limit],
    );
    return returned<Record<string, unknown>>(rows).map(toClaimed);
  }

  /** Not sent, on purpose: the citizen left, the news expired, the broadcast was cancelled. */
  async markSkipped(em: EntityManager, id: string, status: 'cancelled' | 'expired' | 'failed', reason: string): Promise<void> {
    await em.query(
      `update deliveries set status = $2, error_reason = $3, recipient_enc = null,
              failed_at = case when $2 = 'failed' then now() else failed_at end
        where id = $1 and status = 'sending'`,
      [id, status, reason],
    );
  }

  /**
   * Back to the queue without counting an attempt (paused broadcast, number stopped). A row held for
   * its stopped number is marked so: `releaseHeldForActiveNumbers` lets it go once the number sends again.
   */
  async release(em: EntityManager, id: string, delayMs: number, reason: string, heldForStoppedNumber = false): Promise<void> {
    await em.query(
      `update deliveries set status = 'queued', attempts = greatest(attempts - 1, 0), error_reason = $3,
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000), held_for_stopped_number = $4
        where id = $1 and status = 'sending'`,
      [id, delayMs, reason, heldForStoppedNumber],
    );
  }

  /**
   * Locks rows in id order before a transaction updates them one statement at a time. A batch's
   * outcomes and a job's status webhooks often touch the same rows at the same moment (Meta posts
   * `sent` within milliseconds); taken in any other order, the two would deadlock.
   */
  async lockInOrder(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length) await em.query(`select id from deliveries where id = any($1::bigint[]) order by id for update`, [ids]);
  }

  /**
   * The numbers' sending status, each row locked until the caller's transaction ends: a rotation
   * (which activates the number, then releases its held rows) waits for it, or it for the rotation.
   * Either way rows held here are seen by the rotation's release, or this reads the number active.
   */
  async lockNumberStatus(em: EntityManager, numberIds: string[]): Promise<Map<string, 'active' | 'stopped'>> {
    const rows: { id: string; sending_status: 'active' | 'stopped' }[] = await em.query(
      `select id, sending_status from whatsapp_numbers where id = any($1::uuid[]) order by id for share`,
      [numberIds],
    );
    return new Map(rows.map((r) => [r.id, r.sending_status]));
  }

  /**
   * Provider-wide, for the sweeper: rows held for a stopped number whose number sends again. The
   * rotation releases them itself; this catches any hold it could not see (a batch recording after
   * it, a number reactivated some other way) within one sweep instead of the whole hold.
   */
  async releaseHeldForActiveNumbers(em: EntityManager): Promise<number> {
    const rows = await em.query(
      `update deliveries d set next_attempt_at = least(d.next_attempt_at, now()), held_for_stopped_number = false
         from whatsapp_numbers n
        where d.held_for_stopped_number and d.status = 'queued'
          and n.id = d.whatsapp_number_id and n.sending_status = 'active'
        returning d.id`,
    );
    return returned(rows).length;
  }

  /**
   * Accepted by Meta, a batch at a time (one statement, not one per message). A status webhook may
   * already have moved a row further: it stays there. A reply's sealed number is dropped now: it was
   * kept only to send this.
   */
  async markSentMany(em: EntityManager, sent: { id: string; wamid: string }[]): Promise<{ lane: string; seconds: number }[]> {
    if (!sent.length) return [];
    const rows = await em.query(
      `update deliveries d set status = case when d.status = 'sending' then 'sent' else d.status end,
              meta_message_id = x.wamid, sent_at = coalesce(d.sent_at, now()),
              recipient_enc = case when d.lane = 'reply' then null else d.recipient_enc end
         from jsonb_to_recordset($1::jsonb) as x(id bigint, wamid text)
        where d.id = x.id
        returning d.lane, extract(epoch from d.sent_at - d.queued_at)::float8 as seconds`,
      [JSON.stringify(sent)],
    );
    // The queued → sent latency, for the metrics: the timestamps are already here, no second read.
    return returned<{ lane: string; seconds: number }>(rows).map((r) => ({ lane: r.lane, seconds: Number(r.seconds) }));
  }

  async retryLater(em: EntityManager, id: string, delayMs: number, code: number | undefined, reason: string): Promise<void> {
    await em.query(
      `update deliveries set status = 'queued', next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
              error_code = $3, error_reason = $4
        where id = $1 and status = 'sending'`,
      [id, delayMs, code ?? null, reason],
    );
  }

  async markFailed(em: EntityManager, id: string, code: number | undefined, reason: string): Promise<void> {
    await em.query(
      `update deliveries set status = 'failed', failed_at = now(), error_code = $2, error_reason = $3, recipient_enc = null
        where id = $1 and status in ('sending', 'queued', 'uncertain')`,
      [id, code ?? null, reason],
    );
  }

  /** Meta may have sent it though we never heard back: no blind retry, the status webhook settles it. */
  async markUncertain(em: EntityManager, id: string, reason: string): Promise<void> {
    await em.query(`update deliveries set status = 'uncertain', error_reason = $2 where id = $1 and status = 'sending'`, [id, reason]);
  }

  /**
   * Status webhooks move deliveries forward, never back: a late `delivered` cannot undo `read`. One
   * statement for a whole job's statuses (folded to one update per message by `foldStatuses`). Rows
   * are found by Meta's message id, or by our own id echoed in biz_opaque_callback_data when the
   * send's answer was lost (the uncertain ones), and locked in id order first, as `lockInOrder` does for
   * a batch's outcomes, so that two statements touching the same rows wait for each other instead of
   * deadlocking.
   */
  async applyStatuses(
    em: EntityManager,
    tenantId: string,
    updates: readonly StatusUpdate[],
  ): Promise<{ metaMessageId: string; status: string; lane: string; number: string; deliveredAfterS: number | null; firstDelivered: boolean }[]> {
    if (!updates.length) return [];
    const rank = (col: string) => `case ${col} ${Object.entries(STATUS_RANK).map(([s, r]) => `when '${s}' then ${r}`).join(' ')} else 6 end`;
    const result = await em.query(
      `with x as (
         select * from jsonb_to_recordset($2::jsonb) as x(
           wamid text, did bigint, status text, rank int, sent_at timestamptz, delivered_at timestamptz, read_at timestamptz,
           failed_at timestamptz, error_code int, error_reason text)
       ), target as (
         select d.id, d.delivered_at as old_delivered_at, x.*
           from x join deliveries d
             -- tenant_id repeated although RLS implies it: the policy's OR cannot drive an index, this can.
             on d.tenant_id = $1 and (d.meta_message_id = x.wamid or (x.did is not null and d.id = x.did and d.meta_message_id is null))
          order by d.id
          for update of d
       )
       update deliveries d set
          status = t.status,
          meta_message_id = coalesce(d.meta_message_id, t.wamid),
          sent_at = coalesce(d.sent_at, t.sent_at),
          delivered_at = coalesce(d.delivered_at, t.delivered_at),
          read_at = coalesce(d.read_at, t.read_at),
          failed_at = case when t.status = 'failed' then t.failed_at else d.failed_at end,
          error_code = case when t.status = 'failed' then t.error_code else d.error_code end,
          error_reason = case when t.status = 'failed' then t.error_reason else d.error_reason end,
          recipient_enc = case when d.lane = 'reply' or t.status = 'failed' then null else d.recipient_enc end
         from target t
        where d.id = t.id and ${rank('d.status')} < t.rank and d.status not in ('failed', 'expired', 'cancelled')
        -- Meta's timestamps have whole seconds and our sent_at does not: a fast delivery can look
        -- up to a second early, which is zero, not a negative latency.
        returning t.wamid, d.status, d.lane, (select w.phone_number_id from whatsapp_numbers w where w.id = d.whatsapp_number_id) as number,
                  t.old_delivered_at is null and d.delivered_at is not null as first_delivered,
                  (case when d.delivered_at is not null then greatest(0, extract(epoch from d.delivered_at - d.sent_at)) end)::float8 as delivered_after_s`,
      [
        tenantId,
        JSON.stringify(
          updates.map((u) => ({
            wamid: u.metaMessageId,
            did: u.deliveryId,
            status: u.status,
            rank: u.rank,
            sent_at: u.sentAt,
            delivered_at: u.deliveredAt,
            read_at: u.readAt,
            failed_at: u.failedAt,
            error_code: u.errorCode,
            error_reason: u.errorReason,
          })),
        ),
      ],
    );
    return returned<{ wamid: string; status: string; lane: string; number: string | null; first_delivered: boolean; delivered_after_s: number | null }>(result).map((r) => ({
      metaMessageId: r.wamid,
      status: r.status,
      lane: r.lane,
      number: r.number ?? '',
      firstDelivered: r.first_delivered,
      deliveredAfterS: r.delivered_after_s === null ? null : Number(r.delivered_after_s),
    }));
  }

  /** Provider-wide, for the sweeper: due deliveries by comune that no job may be carrying. */
  async dueByTenant(em: EntityManager, limit: number): Promise<{ tenantId: string; ids: string[] }[]> {
    const rows = await em.query(
      `select tenant_id, array_agg(id order by id) as ids
         from (select tenant_id, id from deliveries
                where status = 'queued' and broadcast_id is null and next_attempt_at <= now() order by id limit $1) d
        group by tenant_id`,
      [limit],
    );
    return rows.map((r: { tenant_id: string; ids: string[] }) => ({ tenantId: r.tenant_id, ids: r.ids.map(String) }));
  }

  /**
   * Uncertain rows that no status webhook has settled `afterS` after their batch was last alive, while
   * every webhook received up to then has been processed: Meta posts `sent` within seconds of accepting a message,
   * so these were never accepted (a worker killed before the request left, or a batch claimed and
   * never sent). They go back to the queue; the last-moment checks run again when they are claimed.
   * Waiting for the webhook backlog keeps a slow worker from mistaking "not read yet" for "not sent"
   * (events given up after ten attempts are not waited for: they never will be read).
   */
  async resendUnconfirmed(em: EntityManager, afterS: number): Promise<number> {
    const rows = await em.query(
      `update deliveries d set status = 'queued', next_attempt_at = now(), error_reason = 'nessuna conferma da Meta: nuovo invio'
        where d.status = 'uncertain' and d.meta_message_id is null
          and coalesce(d.alive_at, d.claimed_at) < now() - make_interval(secs => $1)
          and not exists (select 1 from webhook_events e
                           where e.processed_at is null and e.attempts < 10 and e.tenant_id = d.tenant_id
                             and e.received_at <= coalesce(d.alive_at, d.claimed_at) + make_interval(secs => $1))
        returning d.id`,
      [afterS],
    );
    return returned(rows).length;
  }

  /** Batches still at work say so (`alive_at`), so that a slow one is not taken for a dead one. */
  async stillSending(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await em.query(`update deliveries set alive_at = now() where id = any($1::bigint[]) and status = 'sending'`, [ids]);
  }

  /** Rows left `sending` by a worker that died mid-send (its batch silent): their fate is unknown, as with a lost answer. */
  async abandonedSending(em: EntityManager, olderThanS: number): Promise<number> {
    const rows = await em.query(
      `update deliveries set status = 'uncertain', error_reason = 'invio interrotto: esito da confermare'
        where status = 'sending' and coalesce(alive_at, claimed_at) < now() - make_interval(secs => $1) returning id`,
      [olderThanS],
    );
    return returned(rows).length;
  }
}
