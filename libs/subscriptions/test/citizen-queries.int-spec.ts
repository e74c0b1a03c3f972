import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { TenantDb } from '@bacheca/database';
import { createTestEnvironment, TestEnvironment, urlAs } from '@bacheca/testing';
import { SubscribersRepository } from '../src/subscribers.repository';
import { eraseCitizen } from '../src/subscribers.service';

/**
 * The GDPR export, erasure, consent history and statistics of one comune must not read every
 * comune's rows. Row-level security cannot drive an index, so the queries name the comune; this
 * proves, with PostgreSQL's own plans, that the indexes beginning with tenant_id serve them.
 *
 * The data is shaped like production, not forced: the planner sees analysed tables where the comune
 * asked about is a small part of the whole (one of thousands), and no planner setting is touched.
 * The plans are of the repository's own SQL, run as the application role in a comune transaction.
 */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** An EntityManager whose every query is explained (never executed) and recorded, with its plan. */
function explaining(em: EntityManager, plans: { sql: string; nodes: PlanNode[] }[]): EntityManager {
  return new Proxy(em, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return async (sql: string, params?: unknown[]) => {
        const [row] = await target.query(`explain (format json) ${sql}`, params);
        plans.push({ sql, nodes: nodes(row['QUERY PLAN'][0].Plan) });
        return [];
      };
    },
  });
}

const hash = (s: string) => createHash('sha256').update(s).digest();

describe('citizen queries name the comune and use indexes that begin with it', () => {
  let env: TestEnvironment;
  let ds: DataSource;
  let db: TenantDb;
  const repo = new SubscribersRepository();
  // A: the comune asked about (a small town). B: every other comune, together much larger.
  const A = randomUUID();
  const B = randomUUID();
  const citizen = hash('+393331234567');

  beforeAll(async () => {
    env = await createTestEnvironment();
    const su = new Client({ connectionString: urlAs(env, 'postgres') });
    await su.connect();
    try {
      for (const [id, n] of [[A, '200001'], [B, '200002']]) {
        await su.query(`insert into comuni (id, slug, name, istat_code, province) values ($1, $2, $2, $3, 'PI')`, [id, `c${n}`, n]);
        await su.query(
          `insert into whatsapp_numbers (tenant_id, phone_number_id, display_phone_number, waba_id, access_token_enc, app_secret_enc, verify_token_hash)
           values ($1, $2, '+39 050 000', '1', '\\x01', '\\x01', '\\x01')`,
          [id, n],
        );
      }
      // Rows per comune: people (subscribers, ledger entries, automatic answers) and messages (sent, and webhook events).
      const sizes: [string, number, number][] = [
        [A, 40, 120],
        [B, 4000, 6000],
      ];
      for (const [t, people, messages] of sizes) {
        await su.query(
          `insert into subscribers (tenant_id, phone_hash, phone_enc, status, topics, state_changed_at)
           select $1::uuid, sha256(($1::uuid::text || g)::bytea), '\\x01', case when g % 10 = 0 then 'unsubscribed' else 'active' end,
                  array['notizie'], now()
             from generate_series(1, $2) g`,
          [t, people],
        );
        await su.query(
          `insert into consent_ledger (tenant_id, phone_hash, action, occurred_at)
           select $1::uuid, sha256(($1::uuid::text || g)::bytea), 'opt_in', now() - make_interval(days => g % 60) from generate_series(1, $2) g`,
          [t, people],
        );
        await su.query(
          `insert into auto_replies (tenant_id, phone_hash, last_sent_at)
           select $1::uuid, sha256(($1::uuid::text || 'x' || g)::bytea), now() from generate_series(1, $2) g`,
          [t, people],
        );
        await su.query(
          `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, status, message)
           select $1::uuid, n.id, 'reply', sha256(($1::uuid::text || (g % $3))::bytea), 'delivered', '{"body":"x"}'
             from generate_series(1, $2) g, whatsapp_numbers n where n.tenant_id = $1`,
          [t, messages, people],
        );
        await su.query(
          `insert into webhook_events (tenant_id, whatsapp_number_id, event_key, kind, occurred_at, citizen_hash, payload, processed_at)
           select $1::uuid, n.id, 'e:' || g, case when g % 3 = 0 then 'message' else 'status' end, now(),
                  sha256(($1::uuid::text || (g % $3))::bytea), '{"type":"text","text":"x"}', now()
             from generate_series(1, $2) g, whatsapp_numbers n where n.tenant_id = $1`,
          [t, messages, people],
        );
      }
      // The citizen whose data is asked for, in comune A.
      await su.query(
        `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, status) select $1, id, 'reply', $2, 'read' from whatsapp_numbers where tenant_id = $1`,
        [A, citizen],
      );
      await su.query(
        `insert into webhook_events (tenant_id, whatsapp_number_id, event_key, kind, occurred_at, citizen_hash, payload)
         select $1, id, 'e:citizen', 'message', now(), $2, '{"type":"text","text":"ATTIVA"}' from whatsapp_numbers where tenant_id = $1`,
        [A, citizen],
      );
      await su.query(`insert into consent_ledger (tenant_id, phone_hash, action, occurred_at) values ($1, $2, 'opt_in', now())`, [A, citizen]);
      await su.query(`analyze`);
    } finally {
      await su.end();
    }
    ds = await new DataSource({ type: 'postgres', url: env.settings.DATABASE_URL }).initialize();
    db = new TenantDb(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await env.cleanup();
  });

  async function plansOf(work: (em: EntityManager) => Promise<unknown>) {
    const plans: { sql: string; nodes: PlanNode[] }[] = [];
    await db.inTenant(A, (em) => work(explaining(em, plans)));
    expect(plans.length).toBeGreaterThan(0);
    return plans;
  }

  const seqScans = (plans: { nodes: PlanNode[] }[]) =>
    plans.flatMap((p) => p.nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']));
  const indexes = (plans: { nodes: PlanNode[] }[]) => plans.flatMap((p) => p.nodes.map((n) => n['Index Name']).filter(Boolean));

  it("the export's messages received use webhook_events_citizen; messages sent are a scan of deliveries, which has no index for it on purpose", async () => {
    const received = await plansOf((em) => repo.messagesReceived(em, A, citizen));
    expect(indexes(received)).toContain('webhook_events_citizen');
    expect(seqScans(received)).toEqual([]);
    // Every index on deliveries costs an entry at each of a message's four or five writes (migration 1764001100000).
    const sent = await plansOf((em) => repo.messagesSent(em, A, citizen));
    expect(seqScans(sent)).toEqual(['deliveries']);
  });

  it('the consent history uses the ledger index of (comune, number)', async () => {
    const plans = await plansOf((em) => repo.consentHistory(em, A, citizen));
    expect(indexes(plans)).toContain('consent_ledger_phone');
    expect(seqScans(plans)).toEqual([]);
  });

  it("erasure finds the citizen's events and automatic-answer memory by index, and scans deliveries", async () => {
    const plans = await plansOf((em) => eraseCitizen(em, A, citizen));
    expect(plans).toHaveLength(3);
    expect(indexes([plans[0]])).toContain('webhook_events_citizen');
    expect(seqScans([plans[1]])).toEqual(['deliveries']);
    expect(indexes([plans[2]])).toContain('auto_replies_pkey');
    expect(seqScans([plans[0], plans[2]])).toEqual([]);
  });

  it("the statistics read only the comune's subscribers and ledger entries", async () => {
    const plans = await plansOf((em) => repo.stats(em, A, 30, 'Europe/Rome'));
    expect(seqScans(plans)).toEqual([]);
    const used = indexes(plans);
    expect(used.some((i) => i!.startsWith('subscribers_'))).toBe(true);
    expect(used.some((i) => i!.startsWith('consent_ledger_'))).toBe(true);
  });

  it('without the comune named, the same lookup reads every comune: the reason the queries name it', async () => {
    const plans = await plansOf((em) => em.query(`select id from webhook_events where citizen_hash = $1`, [citizen]));
    expect(seqScans(plans)).toEqual(['webhook_events']);
  });

  it("the queries still return the comune's rows, and only them (the policy applies too)", async () => {
    const rows = await db.inTenant(A, async (em) => ({
      sent: await repo.messagesSent(em, A, citizen),
      received: await repo.messagesReceived(em, A, citizen),
      history: await repo.consentHistory(em, A, citizen),
      stats: await repo.stats(em, A, 30, 'Europe/Rome'),
    }));
    expect(rows.sent).toHaveLength(1);
    expect(rows.received).toEqual([expect.objectContaining({ kind: 'message', text: 'ATTIVA' })]);
    expect(rows.history).toEqual([expect.objectContaining({ action: 'opt_in', channel: 'whatsapp' })]);
    expect(Object.fromEntries(rows.stats.byStatus.map((r) => [r.status, r.n]))).toEqual({ active: 36, unsubscribed: 4 });
    // Naming another comune inside A's transaction finds nothing: the policy still filters.
    const leak = await db.inTenant(A, (em) => repo.stats(em, B, 30, 'Europe/Rome'));
    expect(leak.byStatus).toEqual([]);
  });
});
