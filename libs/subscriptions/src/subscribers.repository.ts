import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { DetailsAsked, DetailsRequest, SubscriberState } from './flow/decide';
import { ConsentAction } from './consent-entry.entity';
import { Subscriber } from './subscriber.entity';
import type { ConsentEntryDto, DayCountDto } from './subscriptions.dto';

export interface LedgerRecord {
  tenantId: string;
  phoneHash: Buffer;
  action: ConsentAction;
  occurredAt: Date;
  metaMessageId?: string | null;
  wordsReceived?: string | null;
  ruleMatched?: string | null;
  noticeVersion?: number | null;
  channel?: 'whatsapp' | 'staff';
  details?: Record<string, unknown>;
}

/** An answer asking for details replaces the remembered request unless that one was written later (out of order). */
const NEWER_REQUEST = `(excluded.details_rule_id is not null and excluded.details_requested_at >= coalesce(auto_replies.details_requested_at, '-infinity'))`;

/**
 * The SQL of subscribers, the consent ledger and the automatic-answer memory, inside a comune transaction.
 * Lookups name the comune in their WHERE although row-level security already filters by it: the
 * policy's `tenant_id = … OR platform` cannot drive an index, so without it every lookup by number
 * reads every comune's rows (a sequential scan of 2M subscribers: see docs/performance.md, "Scale").
 */
@Injectable()
export class SubscribersRepository {
  byHash(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<Subscriber | null> {
    return em.findOne(Subscriber, { where: { tenantId, phoneHash } });
  }

  /** The subscriber Meta last named with this BSUID (a change of number clears it, so there is one). */
  byUserId(em: EntityManager, tenantId: string, userId: string): Promise<Subscriber | null> {
    return em.findOne(Subscriber, { where: { tenantId, userId }, order: { lastInboundAt: { direction: 'DESC', nulls: 'LAST' } } });
  }

  /**
   * Writes the flow's new state. Timestamps of subscribing and leaving follow the citizen's message,
   * not the moment we processed it.
   */
  async save(
    em: EntityManager,
    current: Subscriber | null,
    next: SubscriberState,
    ids: { tenantId: string; phoneHash: Buffer; phoneEnc: Buffer; userId?: string | null; noticeVersion?: number | null },
    at: Date,
  ): Promise<string> {
    const becameActive = next.status === 'active' && current?.status !== 'active';
    const left = next.status === 'unsubscribed' && current?.status !== 'unsubscribed';
    const values = {
      status: next.status,
      topics: next.topics,
      fields: next.fields,
      stateChangedAt: next.stateChangedAt,
      ...(becameActive && { subscribedAt: at, unsubscribedAt: null, noticeVersion: ids.noticeVersion ?? null }),
      ...(left && { unsubscribedAt: at }),
      ...(ids.userId && { userId: ids.userId }),
    };
    if (current) {
      await em.update(Subscriber, { id: current.id }, values);
      return current.id;
    }
    const marketingOptOut = await this.marketingStopped(em, ids.tenantId, ids.phoneHash);
    const saved = await em.save(
      em.create(Subscriber, { tenantId: ids.tenantId, phoneHash: ids.phoneHash, phoneEnc: ids.phoneEnc, marketingOptOut, ...values }),
    );
    return saved.id;
  }

  async touchInbound(em: EntityManager, id: string, at: Date, userId?: string | null): Promise<void> {
    await em.query(
      `update subscribers set last_inbound_at = greatest(coalesce(last_inbound_at, $2), $2), user_id = coalesce($3, user_id) where id = $1`,
      [id, at, userId ?? null],
    );
  }

  async erase(em: EntityManager, id: string): Promise<void> {
    await em.delete(Subscriber, { id });
  }

  async ledger(em: EntityManager, r: LedgerRecord): Promise<void> {
    await em.query(
      `insert into consent_ledger (tenant_id, phone_hash, action, occurred_at, meta_message_id, words_received, rule_matched, notice_version, channel, details)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
      [
        r.tenantId,
        r.phoneHash,
        r.action,
        r.occurredAt,
        r.metaMessageId ?? null,
        r.wordsReceived ?? null,
        r.ruleMatched ?? null,
        r.noticeVersion ?? null,
        r.channel ?? 'whatsapp',
        JSON.stringify(r.details ?? {}),
      ],
    );
  }

  /** One citizen's consent evidence, oldest first (consent_ledger_phone: tenant_id, phone_hash, occurred_at). */
  consentHistory(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<ConsentEntryDto[]> {
    return em.query(
      `select action, occurred_at as "occurredAt", meta_message_id as "metaMessageId", words_received as "wordsReceived",
              rule_matched as "ruleMatched", notice_version as "noticeVersion", channel
         from consent_ledger where tenant_id = $1 and phone_hash = $2 order by occurred_at, id`,
      [tenantId, phoneHash],
    );
  }

  /** The messages sent to one citizen that are still held, for the GDPR export (a scan: see migration 1764001100000). */
  messagesSent(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<Record<string, unknown>[]> {
    return em.query(
      `select id, lane, status, queued_at, sent_at, delivered_at, read_at, failed_at, error_code, error_reason, message
         from deliveries where tenant_id = $1 and recipient_hash = $2 order by id`,
      [tenantId, phoneHash],
    );
  }

  /** The messages one citizen wrote that are still held, for the GDPR export (webhook_events_citizen). */
  messagesReceived(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<Record<string, unknown>[]> {
    return em.query(
      `select occurred_at, kind, payload->>'type' as type, payload->>'text' as text from webhook_events
        where tenant_id = $1 and citizen_hash = $2 and kind = 'message' order by occurred_at`,
      [tenantId, phoneHash],
    );
  }

  /**
   * The comune's counts by status and topic (subscribers_audience), and joins and leaves per day
   * (consent_ledger_day). Days are the comune's calendar days, as its staff count them, not UTC's.
   */
  async stats(
    em: EntityManager,
    tenantId: string,
    days: number,
    timezone: string,
  ): Promise<{ byStatus: { status: string; n: number }[]; byTopic: { topic: string; n: number }[]; perDay: DayCountDto[] }> {
    const byStatus = await em.query(`select status, count(*)::int as n from subscribers where tenant_id = $1 group by status`, [tenantId]);
    const byTopic = await em.query(
      `select t as topic, count(*)::int as n from subscribers, unnest(topics) t where tenant_id = $1 and status = 'active' group by t`,
      [tenantId],
    );
    const perDay = await em.query(
      `with z as (select $3::text as tz, (now() at time zone $3)::date as today)
       select to_char(d, 'YYYY-MM-DD') as day,
              count(c.id) filter (where c.action in ('opt_in', 'confirm'))::int as joins,
              count(c.id) filter (where c.action = 'opt_out')::int as leaves
         from z
         cross join generate_series((z.today - ($2::int - 1))::timestamp, z.today::timestamp, interval '1 day') d
         left join consent_ledger c on c.tenant_id = $1 and c.occurred_at >= (d at time zone z.tz)
                                   and c.occurred_at < ((d + interval '1 day') at time zone z.tz)
        group by d order by d`,
      [tenantId, days, timezone],
    );
    return { byStatus, byTopic, perDay };
  }

  async lastWithdrawal(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<Date | undefined> {
    const rows = await em.query(
      `select max(occurred_at) as at from consent_ledger where tenant_id = $1 and phone_hash = $2 and action in ('opt_out', 'erase')`,
      [tenantId, phoneHash],
    );
    return rows[0]?.at ?? undefined;
  }

  /**
   * Whether the newest of Meta's marketing preferences for this number, by Meta's time, is a stop. Read
   * from the ledger, so a stop sent before the citizen subscribed, or before an erasure and a new
   * subscription, still holds; and a stop and a resume arriving out of order settle on the later one.
   */
  async marketingStopped(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<boolean> {
    const rows: { action: ConsentAction }[] = await em.query(
      `select action from consent_ledger
        where tenant_id = $1 and phone_hash = $2 and action in ('marketing_stop', 'marketing_resume')
        order by occurred_at desc, id desc limit 1`,
      [tenantId, phoneHash],
    );
    return rows[0]?.action === 'marketing_stop';
  }

  /** When the last answer that changed nothing went out, and the last request for missing details still remembered. */
  async autoReplyMemory(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<{ lastSentAt?: Date; detailsRequest?: DetailsRequest }> {
    const [row] = await em.query(
      `select last_sent_at, details_rule_id, details_missing, details_requested_at from auto_replies where tenant_id = $1 and phone_hash = $2`,
      [tenantId, phoneHash],
    );
    if (!row) return {};
    const detailsRequest = row.details_rule_id
      ? { ruleId: row.details_rule_id, missingFields: row.details_missing, at: row.details_requested_at }
      : undefined;
    return { lastSentAt: row.last_sent_at, detailsRequest };
  }

  /** An answer that changed nothing went out; when it asked for missing details, what it asked (keys only, no values). */
  async rememberAutoReply(em: EntityManager, tenantId: string, phoneHash: Buffer, at: Date, details?: DetailsAsked): Promise<void> {
    await em.query(
      `insert into auto_replies (tenant_id, phone_hash, last_sent_at, details_rule_id, details_missing, details_requested_at)
       values ($1, $2, $3::timestamptz, $4::text, $5::text[], case when $4::text is null then null else $3::timestamptz end)
       on conflict (tenant_id, phone_hash) do update set
         last_sent_at = greatest(auto_replies.last_sent_at, excluded.last_sent_at),
         details_rule_id = case when ${NEWER_REQUEST} then excluded.details_rule_id else auto_replies.details_rule_id end,
         details_missing = case when ${NEWER_REQUEST} then excluded.details_missing else auto_replies.details_missing end,
         details_requested_at = case when ${NEWER_REQUEST} then excluded.details_requested_at else auto_replies.details_requested_at end`,
      [tenantId, phoneHash, at, details?.ruleId ?? null, details?.missingFields ?? null],
    );
  }

  /** The citizen subscribed: a request for their details is answered, and no later message is read as one. */
  async forgetDetailsRequest(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<void> {
    await em.query(
      `update auto_replies set details_rule_id = null, details_missing = null, details_requested_at = null
        where tenant_id = $1 and phone_hash = $2 and details_rule_id is not null`,
      [tenantId, phoneHash],
    );
  }

  /** The text messages one citizen wrote from `since` up to (not including) the event being handled, oldest first. */
  async textsSince(em: EntityManager, tenantId: string, phoneHash: Buffer, since: Date, current: { id: string; occurredAt: Date }): Promise<string[]> {
    const rows: { text: string }[] = await em.query(
      `select payload->>'text' as text from webhook_events
        where tenant_id = $1 and citizen_hash = $2 and kind = 'message' and payload->>'type' = 'text' and payload ? 'text'
          and occurred_at >= $3 and occurred_at <= $4 and id <> $5
        order by occurred_at, id`,
      [tenantId, phoneHash, since, current.occurredAt, current.id],
    );
    return rows.map((r) => r.text);
  }
}
