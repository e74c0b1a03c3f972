import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InboundHandler, InboundHandlers, StoredEvent } from '@bacheca/inbound';
import { SendMetrics } from '@bacheca/metrics';
import { classifyCloudApiError } from '@bacheca/whatsapp';
import { OutboxRepository } from './outbox.repository';
import { deliveryIdFromCallback } from './send-deliveries';
import { foldStatuses } from './status-updates';

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

  handle(em: EntityManager, event: StoredEvent): Promise<void> {
    return this.handleMany(em, [event]);
  }

  /** A job's statuses in one statement: a broadcast brings three per message, the bulk of all webhook traffic. */
  async handleMany(em: EntityManager, events: readonly StoredEvent[]): Promise<void> {
    if (!events.length) return;
    // Claimed in one comune's transaction: every event is that comune's.
    const tenantId = events[0].tenantId;
    // Meta's error of each failed message, for the metrics' labels.
    const failures = new Map<string, { code?: number; kind: string }>();
    const facts = events.map((event) => {
      const p = event.payload as StatusPayload;
      const error = p.errors?.[0];
      const classified = error ? classifyCloudApiError({ code: error.code, message: error.title }) : undefined;
      if (p.status === 'failed') failures.set(p.metaMessageId, { code: error?.code, kind: classified?.kind ?? 'permanent' });
      return {
        metaMessageId: p.metaMessageId,
        deliveryId: deliveryIdFromCallback(p.bizOpaqueCallbackData),
        status: p.status,
        at: event.occurredAt,
        errorCode: error?.code,
        errorReason: classified?.reasonIt,
      };
    });
    for (const applied of await this.outbox.applyStatuses(em, tenantId, foldStatuses(facts))) {
      // Counted once per delivery, when its delivery time first becomes known: from `delivered`, or from a
      // `read` that arrived first (jobs run in parallel, and Meta may skip `delivered`).
      if (applied.firstDelivered && applied.deliveredAfterS !== null) this.metrics.sentToDelivered(applied.lane, applied.deliveredAfterS);
      if (applied.status === 'failed') {
        // Not awaited: it never throws, and the transaction need not wait for a label lookup.
        void this.metrics.deliveryFailed(tenantId, { number: applied.number, lane: applied.lane, ...failures.get(applied.metaMessageId)! });
      }
    }
  }
}

type StatusPayload = { metaMessageId: string; status: string; bizOpaqueCallbackData?: string; errors?: { code?: number; title?: string }[] };
