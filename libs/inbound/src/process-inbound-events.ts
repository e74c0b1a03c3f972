import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { TenantDb } from '@bacheca/database';
import { InboundHandler, INBOUND_HANDLERS } from './inbound-handler';
import { WebhookEventsRepository } from './webhook-events.repository';

/** The worker's use case for stored webhook events: each one acted on once, in its comune's scope. */
@Injectable()
export class ProcessInboundEvents {
  private readonly logger = new Logger('inbound');

  constructor(
    private readonly db: TenantDb,
    private readonly events: WebhookEventsRepository,
    @Optional() @Inject(INBOUND_HANDLERS) private readonly handlers: InboundHandler[] = [],
  ) {}

  async run(tenantId: string, eventIds: string[]): Promise<{ processed: number; failed: number }> {
    let processed = 0;
    let failed = 0;
    // One transaction per event: a poison event must not hold back the others.
    for (const id of eventIds) {
      try {
        const done = await this.db.inTenant(tenantId, async (em) => {
          const [event] = await this.events.claim(em, [id]);
          if (!event) return false;
          for (const h of this.handlers.filter((x) => x.kinds.includes(event.kind))) await h.handle(em, event);
          await this.events.markProcessed(em, [event.id]);
          return true;
        });
        if (done) processed += 1;
      } catch (err) {
        failed += 1;
        this.logger.error(`event ${id} of ${tenantId} failed: ${(err as Error).message}`);
        await this.db.inTenant(tenantId, (em) => this.events.markFailed(em, id, (err as Error).message)).catch(() => undefined);
      }
    }
    return { processed, failed };
  }
}
