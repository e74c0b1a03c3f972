import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InboundHandler, InboundHandlers, StoredEvent } from '@bacheca/inbound';
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
  ) {}

  onModuleInit() {
    this.registry.register(this);
  }

  async handle(em: EntityManager, event: StoredEvent): Promise<void> {
    const p = event.payload as { metaMessageId: string; status: string; bizOpaqueCallbackData?: string; errors?: { code?: number; title?: string }[] };
    const error = p.errors?.[0];
    await this.outbox.applyStatus(em, {
      tenantId: event.tenantId,
      metaMessageId: p.metaMessageId,
      deliveryId: deliveryIdFromCallback(p.bizOpaqueCallbackData),
      status: p.status,
      at: event.occurredAt,
      errorCode: error?.code,
      errorReason: error ? classifyCloudApiError({ code: error.code, message: error.title }).reasonIt : undefined,
    });
  }
}
