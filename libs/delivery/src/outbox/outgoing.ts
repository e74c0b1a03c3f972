import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClaimedDelivery } from './outbox.repository';

/** What goes to Meta for one delivery, decided per recipient (free text inside the 24-hour window, else a template). */
export type Outgoing =
  | { kind: 'text'; body: string; previewUrl?: boolean }
  | { kind: 'template'; name: string; language: string; bodyParams: string[]; quickReplyPayloads: string[] }
  | { kind: 'image' | 'document'; link: string; caption: string; filename?: string };

export type Resolution = { outgoing: Outgoing } | { skip: 'cancelled' | 'expired' | 'failed'; reason: string } | { hold: string };

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
    return out;
  }
}
