import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ClaimedDelivery, DeliveryContent, DeliveryContents, Resolution } from '@bacheca/delivery';
import { Broadcast } from './broadcast.entity';
import { compose } from './compose';
import { TemplatesService } from './templates.service';
import { WhatsappTemplate } from './whatsapp-template.entity';

/** Marks the rows a pause gave back to the queue, so resuming makes exactly those due again. */
export const PAUSED_HOLD_REASON = 'Invio in pausa.';

/**
 * What each broadcast delivery says, decided at the moment of sending: a citizen who left since
 * the audience was drawn gets nothing; a paused broadcast holds; an expired one drops what is left.
 */
@Injectable()
export class BroadcastContent implements DeliveryContent, OnModuleInit {
  constructor(
    private readonly contents: DeliveryContents,
    private readonly templates: TemplatesService,
  ) {}

  onModuleInit() {
    this.contents.registerBroadcasts(this);
  }

  async resolve(em: EntityManager, _tenantId: string, deliveries: ClaimedDelivery[], now: Date): Promise<Map<string, Resolution>> {
    const out = new Map<string, Resolution>();
    const broadcastIds = [...new Set(deliveries.map((d) => d.broadcastId!))];
    const broadcasts = new Map((await em.findByIds(Broadcast, broadcastIds)).map((b) => [b.id, b]));
    const subscriberIds = deliveries.map((d) => d.subscriberId).filter((x): x is string => !!x);
    const subscribers = new Map<string, { status: string; last_inbound_at: Date | null; marketing_opt_out: boolean }>(
      (await em.query(`select id, status, last_inbound_at, marketing_opt_out from subscribers where id = any($1::uuid[])`, [subscriberIds])).map(
        (s: { id: string }) => [s.id, s],
      ),
    );
    const templates = new Map<string, WhatsappTemplate | undefined>();
    for (const d of deliveries) {
      const b = broadcasts.get(d.broadcastId!);
      const s = d.subscriberId ? subscribers.get(d.subscriberId) : undefined;
      if (!b || b.status === 'cancelled') out.set(d.id, { skip: 'cancelled', reason: 'Invio annullato dal Comune.' });
      else if (b.status === 'paused') out.set(d.id, { hold: PAUSED_HOLD_REASON });
      else if (b.expiresAt && b.expiresAt.getTime() <= now.getTime()) out.set(d.id, { skip: 'expired', reason: 'Notizia scaduta prima della consegna.' });
      else if (!s || s.status !== 'active') out.set(d.id, { skip: 'cancelled', reason: 'Il cittadino non è più iscritto.' });
      else {
        if (!templates.has(d.whatsappNumberId)) templates.set(d.whatsappNumberId, await this.templates.usable(em, d.whatsappNumberId));
        const c = compose(b, templates.get(d.whatsappNumberId), { lastInboundAt: s.last_inbound_at, marketingOptOut: s.marketing_opt_out }, now);
        out.set(d.id, 'skip' in c ? { skip: 'failed', reason: c.skip } : c);
      }
    }
    return out;
  }
}
