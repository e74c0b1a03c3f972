import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InboundHandler, InboundHandlers, StoredEvent } from '@bacheca/inbound';
import { SendMetrics } from '@bacheca/metrics';
import { classifyCloudApiError } from '@bacheca/whatsapp';
import { OutboxRepository } from './outbox.repository';
import { deliveryIdFromCallback } from './send-deliveries';

/** Meta's status webhooks move deliveries to sent, delivered, read or failed (with Meta's code and an Italian reason). */
@Injectable()
export class DeliveryStatusHandler implements InboundHandler, OnModuleInit {
  readonly kinds = ['status' as const];

  constructor(
    private readonly registry: InboundHandlers,
    private readonly outbox: OutboxRepository,
    private readonly metrics: SendMetrics,
  ) {}

  onModuleInit() {
    this.registry.register(this);
  }

  async handle(em: EntityManager, event: StoredEvent): Promise<void> {
    const p = event.payload as { metaMessageId: string; status: string; bizOpaqueCallbackData?: string; errors?: { code?: number; title?: string }[] };
    const error = p.errors?.[0];
    const classified = error ? classifyCloudApiError({ code: error.code, message: error.title }) : undefined;
    const applied = await this.outbox.applyStatus(em, {
      tenantId: event.tenantId,
      metaMessageId: p.metaMessageId,
      deliveryId: deliveryIdFromCallback(p.bizOpaqueCallbackData),
      status: p.status,
      at: event.occurredAt,
      errorCode: error?.code,
      errorReason: classified?.reasonIt,
    });
    // Only a `delivered` that moved the row forward is the first one: a `read` arriving first has no delivery time of its own.
    if (p.status === 'delivered' && applied?.deliveredAfterS != null) this.metrics.sentToDelivered(applied.lane, applied.deliveredAfterS);
    if (p.status === 'failed' && applied) {
      // Not awaited: it never throws, and the transaction need not wait for a label lookup.
      void this.metrics.deliveryFailed(event.tenantId, { number: applied.number, lane: applied.lane, code: error?.code, kind: classified?.kind ?? 'permanent' });
    }
  }
}
