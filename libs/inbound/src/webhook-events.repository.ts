import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { EventRow } from './event-rows';

export interface StoredEvent {
  id: string;
  tenantId: string;
  whatsappNumberId: string;
  kind: EventRow['kind'];
  occurredAt: Date;
  citizenHash: Buffer | null;
  citizenPhoneEnc: Buffer | null;
  citizenUserId: string | null;
  payload: Record<string, unknown>;
}

const EVENT_COLUMNS = 'id, tenant_id, whatsapp_number_id, kind, occurred_at, citizen_hash, citizen_phone_enc, citizen_user_id, payload';

function toStoredEvent(r: Record<string, unknown>): StoredEvent {
  return {
    id: String(r.id),
    tenantId: r.tenant_id as string,
    whatsappNumberId: r.whatsapp_number_id as string,
    kind: r.kind as StoredEvent['kind'],
    occurredAt: r.occurred_at as Date,
    citizenHash: r.citizen_hash as Buffer | null,
    citizenPhoneEnc: r.citizen_phone_enc as Buffer | null,
    citizenUserId: r.citizen_user_id as string | null,
    payload: r.payload as Record<string, unknown>,
  };
}

@Injectable()
export class WebhookEventsRepository {
  /**
   * All events of one POST in one statement (Meta may batch 1,000). Duplicates are skipped by the
   * unique key; only newly stored rows come back, so a redelivered webhook triggers no new work.
   */
  async insertMany(em: EntityManager, rows: EventRow[]): Promise<{ id: string; tenantId: string }[]> {
    const result: { id: string; tenant_id: string }[] = await em.query(
      `insert into webhook_events
         (tenant_id, whatsapp_number_id, event_key, kind, occurred_at, citizen_hash, citizen_phone_enc, citizen_user_id, payload)
       select x.tenant_id, x.whatsapp_number_id, x.event_key, x.kind, x.occurred_at,
              decode(x.citizen_hash, 'hex'), decode(x.citizen_phone_enc, 'hex'), x.citizen_user_id, x.payload
         from jsonb_to_recordset($1::jsonb) as x(
              tenant_id uuid, whatsapp_number_id uuid, event_key text, kind text, occurred_at timestamptz,
              citizen_hash text, citizen_phone_enc text, citizen_user_id text, payload jsonb)
       on conflict (tenant_id, event_key) do nothing
       returning id, tenant_id`,
      [JSON.stringify(rows)],
    );
    return result.map((r) => ({ id: String(r.id), tenantId: r.tenant_id }));
  }

  /** Which of these events are still to be acted on, in the order given. */
  async stillPending(em: EntityManager, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows: { id: string }[] = await em.query(`select id::text as id from webhook_events where id = any($1::bigint[]) and processed_at is null`, [ids]);
    const open = new Set(rows.map((r) => r.id));
    return ids.filter((id) => open.has(id));
  }

  /** Pending events of the current comune, locked so two workers never act on the same one. */
  async claim(em: EntityManager, ids: string[]): Promise<StoredEvent[]> {
    const rows = await em.query(
      `select ${EVENT_COLUMNS} from webhook_events
        where id = any($1::bigint[]) and processed_at is null
        order by occurred_at, id
        for update skip locked`,
      [ids],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Pending events of these kinds, marked processed and returned in one statement: the mark stands
   * only if the caller's transaction, which acts on them, commits. A second job holding the same
   * events makes this wait for its outcome, then skip what it did.
   */
  async takePending(em: EntityManager, ids: string[], kinds: StoredEvent['kind'][]): Promise<StoredEvent[]> {
    const rows = await em.query(
      `update webhook_events set processed_at = now()
        where id = any($1::bigint[]) and processed_at is null and kind = any($2::text[])
        returning ${EVENT_COLUMNS}`,
      [ids, kinds],
    );
    return (Array.isArray(rows[0]) ? rows[0] : rows).map(toStoredEvent);
  }

  async markProcessed(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await em.query(`update webhook_events set processed_at = now() where id = any($1::bigint[])`, [ids]);
  }

  async markFailed(em: EntityManager, id: string, error: string): Promise<void> {
    await em.query(`update webhook_events set attempts = attempts + 1, last_error = $2 where id = $1`, [id, error.slice(0, 1000)]);
  }

  /** Provider-wide: what is still pending after a grace period, by comune (the sweeper's view). */
  async pendingByTenant(em: EntityManager, olderThanS: number, limit: number): Promise<{ tenantId: string; ids: string[] }[]> {
    const rows = await em.query(
      `select tenant_id, array_agg(id order by id) as ids
         from (select tenant_id, id from webhook_events
                where processed_at is null and attempts < 10 and received_at < now() - make_interval(secs => $1)
                order by id limit $2) p
        group by tenant_id`,
      [olderThanS, limit],
    );
    return rows.map((r: { tenant_id: string; ids: string[] }) => ({ tenantId: r.tenant_id, ids: r.ids.map(String) }));
  }
}
