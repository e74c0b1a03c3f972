import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InboundHandler, InboundHandlers, StoredEvent } from '@bacheca/inbound';
import { templateStatusAfter } from './template-status';

/**
 * Meta's verdict on a template reaches every number of the comune in the same WABA: a rejected or
 * paused template stops being chosen for sends outside the 24-hour window, an approved one starts.
 */
@Injectable()
export class TemplateStatusHandler implements InboundHandler, OnModuleInit {
  readonly kinds = ['template_status' as const];
  private readonly logger = new Logger('templates');

  constructor(private readonly registry: InboundHandlers) {}

  onModuleInit() {
    this.registry.register(this);
  }

  async handle(em: EntityManager, event: StoredEvent): Promise<void> {
    const p = event.payload as { templateName: string; language: string; event: string; reason?: string };
    const status = templateStatusAfter(p.event);
    if (!status) return;
    const [, changed] = await em.query(
      `update whatsapp_templates t set status = $1, status_reason = $2, updated_at = now()
         from whatsapp_numbers n, whatsapp_numbers via
        where via.id = $3 and n.waba_id = via.waba_id and t.whatsapp_number_id = n.id
          and t.tenant_id = $4 and t.name = $5 and t.language = $6`,
      [status, p.reason ?? null, event.whatsappNumberId, event.tenantId, p.templateName, p.language],
    );
    this.logger.log(`template ${p.templateName} (${p.language}) of ${event.tenantId}: ${p.event} → ${status}, ${changed} row(s)`);
  }
}
