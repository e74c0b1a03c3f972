import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClaimedDelivery } from './outbox.repository';

/** What goes to Meta for one delivery, decided per recipient (free text inside the 24-hour window, else a template). */
export type Outgoing =
  | { kind: 'text'; body: string; previewUrl?: boolean }
  | { kind: 'template'; name: string; language: string; bodyParams: string[]; quickReplyPayloads: string[] }
  | { kind: 'image' | 'document'; link: string; caption: string; filename?: string };

export type Resolution = { outgoing: Outgoing } | { skip: 'cancelled' | 'expired' | 'failed'; reason: string } | { hold: string; holdMs?: number };

/** How long a delivery waits for its recipient's unread message (a STOP, maybe) to be acted on. */
export const UNREAD_CITIZEN_HOLD_MS = 5000;

/**
 * A room that knows what some deliveries say (broadcasts know their bulletins). The outbox asks it
 * just before sending, so a citizen who left, a paused or expired broadcast, or a closed window is
 * seen at the last moment, not at the time the audience was drawn.
 */
export interface DeliveryContent {
  resolve(em: EntityManager, tenantId: string, deliveries: ClaimedDelivery[], now: Date): Promise<Map<string, Resolution>>;
}

@Injectable()
export class DeliveryContents {
  private broadcastContent?: DeliveryContent;

  registerBroadcasts(content: DeliveryContent): void {
    this.broadcastContent = content;
  }

  async resolve(em: EntityManager, tenantId: string, deliveries: ClaimedDelivery[], now: Date): Promise<Map<string, Resolution>> {
    const out = new Map<string, Resolution>();
    for (const d of deliveries) if (d.message) out.set(d.id, { outgoing: { kind: 'text', body: d.message.body } });
    const ofBroadcasts = deliveries.filter((d) => !d.message && d.broadcastId);
    if (ofBroadcasts.length && this.broadcastContent) {
      for (const [id, r] of await this.broadcastContent.resolve(em, tenantId, ofBroadcasts, now)) out.set(id, r);
    }
    for (const d of deliveries) if (!out.has(d.id)) out.set(d.id, { skip: 'failed', reason: 'Contenuto del messaggio non disponibile.' });
    await this.holdForUnread(em, tenantId, ofBroadcasts, out);
    return out;
  }

  /**
   * A citizen who wrote STOP before their turn must not get the broadcast, even when the worker has
   * not read the STOP yet (a backlog, a worker restarting): a broadcast delivery whose recipient has a
   * message or preference stored and not yet acted on waits a few seconds, then is decided afresh.
   */
  private async holdForUnread(em: EntityManager, tenantId: string, deliveries: ClaimedDelivery[], out: Map<string, Resolution>): Promise<void> {
    const ids = [...new Set(deliveries.filter((d) => d.subscriberId && 'outgoing' in out.get(d.id)!).map((d) => d.subscriberId!))];
    if (!ids.length) return;
    const rows: { id: string }[] = await em.query(
      `select s.id from subscribers s
        where s.id = any($1::uuid[])
          and exists (select 1 from webhook_events e
                       where e.tenant_id = $2 and e.citizen_hash = s.phone_hash and e.processed_at is null
                         and e.kind in ('message', 'user_preference') and e.attempts < 10)`,
      [ids, tenantId],
    );
    if (!rows.length) return;
    const waiting = new Set(rows.map((r) => r.id));
    for (const d of deliveries) {
      if (d.subscriberId && waiting.has(d.subscriberId)) out.set(d.id, { hold: 'In attesa di un messaggio del cittadino non ancora letto.', holdMs: UNREAD_CITIZEN_HOLD_MS });
    }
  }
}
