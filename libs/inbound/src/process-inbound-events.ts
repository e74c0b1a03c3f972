import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '@bacheca/database';
import { JobQueue } from '@bacheca/queue';
import { InboundHandlers } from './inbound-handler';
import { WebhookEventsRepository } from './webhook-events.repository';

/** The worker's use case for stored webhook events: each one acted on once, in its comune's scope. */
@Injectable()
export class ProcessInboundEvents {
  private readonly logger = new Logger('inbound');

  constructor(
    private readonly db: TenantDb,
    private readonly events: WebhookEventsRepository,
    private readonly handlers: InboundHandlers,
    private readonly jobs: JobQueue,
  ) {}

  async run(tenantId: string, eventIds: string[]): Promise<{ processed: number; failed: number }> {
    let processed = 0;
    let failed = 0;
    const deliveryIds: string[] = [];
    // The sweeper re-queues whatever is still pending, so the same ids can come in many jobs while a
    // backlog drains: what is done already costs one statement here, not one transaction per id.
    const stillPending = (em: EntityManager, ids: string[]) => (ids.length ? this.events.stillPending(em, ids) : Promise.resolve([]));
    const batchable = this.handlers.batchable();
    // Statuses, the flood: a job's worth acted on in one transaction, which also finds what else is
    // pending. If any one of them fails, each is tried on its own below.
    const { taken, pending } = await this.db
      .inTenant(tenantId, async (em) => {
        const events = batchable.length ? await this.events.takePending(em, eventIds, batchable) : [];
        for (const kind of batchable) {
          const own = events.filter((e) => e.kind === kind);
          if (own.length) for (const h of this.handlers.for(kind)) await h.handleMany!(em, own);
        }
        const done = new Set(events.map((e) => e.id));
        return { taken: events.length, pending: await stillPending(em, eventIds.filter((id) => !done.has(id))) };
      })
      .catch(async (err: Error) => {
        this.logger.warn(`events of ${tenantId} taken one by one: ${err.message}`);
        return { taken: 0, pending: await this.db.inTenant(tenantId, (em) => stillPending(em, eventIds)) };
      });
    processed += taken;
    // One transaction per event: a poison event must not hold back the others.
    for (const id of pending) {
      try {
        const queued = await this.db.inTenant(tenantId, async (em) => {
          const [event] = await this.events.claim(em, [id]);
          if (!event) return undefined;
          const ids: string[] = [];
          for (const h of this.handlers.for(event.kind)) ids.push(...((await h.handle(em, event))?.deliveryIds ?? []));
          await this.events.markProcessed(em, [event.id]);
          return ids;
        });
        if (queued) {
          processed += 1;
          deliveryIds.push(...queued);
        }
      } catch (err) {
        failed += 1;
        this.logger.error(`event ${id} of ${tenantId} failed: ${(err as Error).message}`);
        await this.db.inTenant(tenantId, (em) => this.events.markFailed(em, id, (err as Error).message)).catch(() => undefined);
      }
    }
    if (deliveryIds.length) {
      // Replies go in the priority lane, never behind bulk news. If Redis refuses, the outbox sweeper sends them.
      await this.jobs
        .add('priority.send', { tenantId, deliveryIds })
        .catch((err: Error) => this.logger.warn(`replies stored, not queued (the sweeper will): ${err.message}`));
    }
    return { processed, failed };
  }
}
