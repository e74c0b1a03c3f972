import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GDPR export and erasure find one citizen's messages by the number's hash. Row-level security
 * cannot drive an index, so the queries name the comune and this index begins with tenant_id
 * (docs/performance.md, "Row-level security alone cannot use an index"). deliveries has none on
 * purpose: each message's row is written four or five times on its way (queued, sending, sent,
 * delivered, read), never as a HOT update, so every index costs an entry per write; this one made
 * sending cost about twice the Postgres CPU (measured with bench:delivery), for a lookup made a few
 * times a day.
 */
const INDEXES = [
  // Template and system events carry no citizen: leaving them out keeps the index to the rows a lookup can find.
  { name: 'webhook_events_citizen', table: 'webhook_events', definition: '(tenant_id, citizen_hash) WHERE citizen_hash IS NOT NULL' },
];

export class CitizenIndexes1764001100000 implements MigrationInterface {
  name = 'CitizenIndexes1764001100000';

  /**
   * Outside a transaction, so the indexes are built CONCURRENTLY. deliveries is the largest table
   * (every message ever sent, tens of millions of rows at national scale) and webhook_events takes
   * three rows per message; a plain CREATE INDEX holds a lock that blocks every insert and update of
   * the table for the whole build, which would stop sending, status updates and the webhook intake
   * of every comune for minutes. CONCURRENTLY builds while they go on, at the price of two table scans.
   */
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (const index of INDEXES) {
      // A concurrent build that failed (or was killed) leaves an INVALID index behind, which
      // IF NOT EXISTS would take for done: drop it and build again.
      const [leftover] = await q.query(
        `select 1 from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = $1 and not i.indisvalid`,
        [index.name],
      );
      if (leftover) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index.name}`);
      await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${index.name} ON ${index.table} ${index.definition}`);
    }
  }

  // TypeORM reverts in a transaction whatever the migration says, so the drop is a plain one (brief lock).
  async down(q: QueryRunner): Promise<void> {
    for (const index of [...INDEXES].reverse()) await q.query(`DROP INDEX IF EXISTS ${index.name}`);
  }
}
