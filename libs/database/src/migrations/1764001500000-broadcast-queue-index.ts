import { MigrationInterface, QueryRunner } from 'typeorm';

export class BroadcastQueueIndex1764001500000 implements MigrationInterface {
  name = 'BroadcastQueueIndex1764001500000';
  // CONCURRENTLY cannot run in a transaction; it keeps a live deployment sending while a large
  // deliveries table is indexed.
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    // Each batch of a broadcast takes its next due rows, and after each batch the chain asks when the
    // next one is due. Through (broadcast_id, status) both read every row still queued: a 100,000
    // recipient send read 100,000 rows per batch, quadratic over the send. Here both read the few
    // rows they return. A build interrupted half-way leaves an invalid index: dropped and made again.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS deliveries_broadcast_queued`);
    await q.query(`
      CREATE INDEX CONCURRENTLY deliveries_broadcast_queued ON deliveries (broadcast_id, next_attempt_at, id)
        WHERE status = 'queued' AND broadcast_id IS NOT NULL`);
    // Built by an earlier version of 1764001100000 in databases of that time: see why it went there.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS deliveries_recipient`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS deliveries_broadcast_queued`);
  }
}
