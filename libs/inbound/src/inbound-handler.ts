import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from './webhook-events.repository';

export interface HandlerOutcome {
  /** Deliveries queued by the handler (replies), sent once the event's transaction has committed. */
  deliveryIds?: string[];
}

/**
 * A room that acts on webhook events (subscriptions on citizens' messages, delivery on statuses).
 * It runs inside the comune's transaction that claimed the event, so what it writes commits together
 * with the event being marked processed: an event is acted on once, or not at all and retried.
 * Handlers only write to the database; what goes to Meta is sent after the commit.
 */
export interface InboundHandler {
  readonly kinds: StoredEvent['kind'][];
  handle(em: EntityManager, event: StoredEvent): Promise<HandlerOutcome | void>;
  /**
   * Many events of its kinds in one go, for kinds that come in floods and queue nothing (delivery
   * statuses). Must mean the same as `handle` on each: a failed batch is retried one event at a time.
   */
  handleMany?(em: EntityManager, events: readonly StoredEvent[]): Promise<void>;
}

/** Rooms register their handlers here at start-up; the inbound room knows none of them by name. */
@Injectable()
export class InboundHandlers {
  private readonly handlers: InboundHandler[] = [];

  register(handler: InboundHandler): void {
    this.handlers.push(handler);
  }

  for(kind: StoredEvent['kind']): InboundHandler[] {
    return this.handlers.filter((h) => h.kinds.includes(kind));
  }

  /** The kinds whose every handler can take them in bulk. */
  batchable(): StoredEvent['kind'][] {
    const kinds = [...new Set(this.handlers.flatMap((h) => h.kinds))];
    return kinds.filter((k) => this.for(k).every((h) => h.handleMany));
  }
}
