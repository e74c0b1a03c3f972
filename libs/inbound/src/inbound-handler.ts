import type { EntityManager } from 'typeorm';
import type { StoredEvent } from './webhook-events.repository';

/**
 * A room that acts on webhook events (subscriptions on citizens' messages, delivery on statuses).
 * It runs inside the comune's transaction that claimed the event, so what it writes commits together
 * with the event being marked processed: an event is acted on once, or not at all and retried.
 * Handlers only write to the database; anything sent to Meta goes through the outbox afterwards.
 */
export interface InboundHandler {
  readonly kinds: StoredEvent['kind'][];
  handle(em: EntityManager, event: StoredEvent): Promise<void>;
}

export const INBOUND_HANDLERS = Symbol('INBOUND_HANDLERS');
