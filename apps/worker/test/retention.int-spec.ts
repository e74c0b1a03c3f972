import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BroadcastsService } from '@bacheca/broadcasts';
import { ConfigModule, Settings } from '@bacheca/config';
import { AuditModule } from '@bacheca/audit';
import { DatabaseModule, TenantDb } from '@bacheca/database';
import { RetentionModule, RetentionSweep } from '@bacheca/retention';
import { createTestEnvironment, TestEnvironment, urlAs } from '@bacheca/testing';
import { RetentionScheduler } from '../src/retention-scheduler';
import { WorkerModule } from '../src/worker.module';

/**
 * The retention sweep against real PostgreSQL, through the worker's own wiring: what is past its
 * period goes, what is newer or still in progress stays, in every comune, and the report of an old
 * broadcast keeps its totals. Old rows are written by the superuser with timestamps in the past, as
 * months of service would have left them (in id order, oldest first, as they would have come).
 * Windows of 100 rows make the walk take several steps.
 */
describe('retention sweep', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext;
  let su: Client;
  const A = randomUUID();
  const B = randomUUID();
  const numberOf: Record<string, string> = {};
  const bx = randomUUID(); // A: alert completed 190 days ago, rows queued 200 days ago
  const by = randomUUID(); // A: broadcast still 'sending' (never finished), rows 200 days old
  const bw = randomUUID(); // A: completed 150 days ago after a long paced send, rows 200 days old
  const bv = randomUUID(); // B: completed 10 days ago

  const ago = (days: number) => `now() - interval '${days} days'`;
  const labels = async (table: 'deliveries', where = 'true'): Promise<string[]> =>
    (await su.query(`select message->>'label' as label from ${table} where ${where} order by id`)).rows.map((r) => r.label);

  async function deliveries(tenant: string, n: number, days: number, status: string, label: string, broadcast: string | null = null) {
    await su.query(
      `insert into deliveries (tenant_id, whatsapp_number_id, lane, broadcast_id, subscriber_id, recipient_hash, recipient_enc, status, queued_at,
                               meta_message_id, error_code, error_reason, message)
       select $1, $2, case when $3::uuid is null then 'reply' else 'news' end, $3, case when $3::uuid is null then null else gen_random_uuid() end,
              sha256(($4::text || g)::bytea), '\\x01', $5, ${ago(days)},
              case when $5 in ('sent', 'delivered', 'read', 'uncertain') then 'wamid.' || gen_random_uuid() end,
              case when $5 = 'failed' then 131026 end, case when $5 = 'failed' then 'Numero non su WhatsApp' end,
              jsonb_build_object('label', $4::text)
         from generate_series(1, $6) g`,
      [tenant, numberOf[tenant], broadcast, label, status, n],
    );
  }

  async function broadcast(tenant: string, id: string, status: string, completedDaysAgo: number | null) {
    await su.query(
      `insert into broadcasts (id, tenant_id, title, body, status, started_at, completed_at)
       values ($1, $2, 'Allerta meteo', 'Chiuse le scuole', $3, ${ago(200)}, ${completedDaysAgo === null ? 'null' : ago(completedDaysAgo)})`,
      [id, tenant, status],
    );
  }

  async function event(tenant: string, key: string, kind: string, days: number, processed: boolean) {
    await su.query(
      `insert into webhook_events (tenant_id, whatsapp_number_id, event_key, kind, occurred_at, received_at, citizen_hash, payload, processed_at)
       values ($1, $2, $3, $4, ${ago(days)}, ${ago(days)}, $5, '{"type":"text"}', ${processed ? ago(days) : 'null'})`,
      [tenant, numberOf[tenant], key, kind, createHash('sha256').update(key).digest()],
    );
  }

  async function auditEntry(tenant: string | null, action: string, days: number) {
    await su.query(`insert into audit_log (tenant_id, scope, action, target_type, at) values ($1, $2, $3, 'test', ${ago(days)})`, [
      tenant,
      tenant ? 'tenant' : 'platform',
      action,
    ]);
  }

  beforeAll(async () => {
    env = await createTestEnvironment({ RETENTION_BATCH_SIZE: '100', RETENTION_SWEEP_INTERVAL_S: '86400' });
    su = new Client({ connectionString: urlAs(env, 'postgres') });
    await su.connect();
    for (const [id, n] of [[A, '300001'], [B, '300002']]) {
      await su.query(`insert into comuni (id, slug, name, istat_code, province) values ($1, $2, $2, $3, 'MI')`, [id, `c${n}`, n]);
      const r = await su.query(
        `insert into whatsapp_numbers (tenant_id, phone_number_id, display_phone_number, waba_id, access_token_enc, app_secret_enc, verify_token_hash)
         values ($1, $2, '+39 02 000', '1', '\\x01', '\\x01', '\\x01') returning id`,
        [id, n],
      );
      numberOf[id] = r.rows[0].id;
    }
    // B keeps its citizens' words a year; A keeps the default (30 days).
    await su.query(`insert into service_settings (tenant_id, keyword_set, inbound_retention_days) values ($1, '{}', 365)`, [B]);

    await broadcast(A, bx, 'completed', 190);
    await broadcast(A, by, 'sending', null);
    await broadcast(A, bw, 'completed', 150);
    await broadcast(B, bv, 'completed', 10);

    // Messages sent, oldest first. Broadcast X: 250 rows, 5 of them still awaiting Meta's status.
    await deliveries(A, 150, 200, 'read', 'x', bx);
    await deliveries(A, 60, 200, 'delivered', 'x', bx);
    await deliveries(A, 30, 200, 'failed', 'x', bx);
    await deliveries(A, 5, 200, 'expired', 'x', bx);
    await deliveries(A, 5, 200, 'uncertain', 'x-uncertain', bx);
    await deliveries(A, 1, 200, 'read', 'a-old-read');
    await deliveries(A, 1, 200, 'failed', 'a-old-failed');
    await deliveries(A, 1, 200, 'uncertain', 'a-old-uncertain');
    await deliveries(A, 1, 200, 'queued', 'a-old-queued');
    await su.query(`update deliveries set next_attempt_at = 'infinity' where message->>'label' = 'a-old-queued'`);
    await deliveries(A, 1, 200, 'sending', 'a-old-sending');
    await deliveries(A, 20, 200, 'delivered', 'y', by);
    await deliveries(A, 10, 200, 'read', 'w', bw);
    await deliveries(B, 1, 200, 'delivered', 'b-old');
    await deliveries(A, 1, 100, 'read', 'a-100');
    await deliveries(B, 30, 11, 'read', 'v', bv);
    await deliveries(B, 1, 1, 'read', 'b-new');

    // Webhook events, oldest first.
    await event(B, 'b-msg-200', 'message', 200, true);
    await event(A, 'a-msg-200', 'message', 200, true);
    await event(A, 'a-status-100', 'status', 100, true);
    await event(B, 'b-status-100', 'status', 100, true);
    await event(A, 'a-msg-100-unprocessed', 'message', 100, false);
    await event(A, 'a-msg-60', 'message', 60, true);
    await event(B, 'b-status-10', 'status', 10, true);

    // Audit entries, oldest first.
    await auditEntry(A, 'a-400', 400);
    await auditEntry(B, 'b-400', 400);
    await auditEntry(null, 'platform-400', 400);
    await auditEntry(A, 'a-200', 200);
    await auditEntry(B, 'b-30', 30);

    @Module({ imports: [ConfigModule.forRoot(env.settings), WorkerModule] })
    class Root {}
    worker = await NestFactory.createApplicationContext(Root, { logger: ['error'] });
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await su?.end();
    await env.cleanup();
  });

  const progress = (tenant: string, id: string) => worker.get(BroadcastsService).progress(tenant, id);

  it('deletes what is past its period, keeps what is newer or in progress, and keeps old reports whole', async () => {
    const reportBefore = await progress(A, bx);
    expect(reportBefore.progress).toMatchObject({ total: 250, sent: 210, read: 150, failed: 30, expired: 5, uncertain: 5 });
    const othersBefore = await Promise.all([progress(A, by), progress(A, bw), progress(B, bv)]);

    const result = await worker.get(RetentionSweep).run();

    expect(result).toMatchObject({ reportsKept: 1, deliveries: 248, webhookEvents: 3, auditLog: 3, yielded: false });

    // Messages sent: the done rows of the kept alert and the old replies went, in both comuni.
    expect(await labels('deliveries')).toEqual([
      ...Array(5).fill('x-uncertain'),
      'a-old-uncertain',
      'a-old-queued',
      'a-old-sending',
      ...Array(20).fill('y'),
      ...Array(10).fill('w'),
      'a-100',
      ...Array(30).fill('v'),
      'b-new',
    ]);
    // The town clerk opening last semester's alert sees the same totals and failure reasons.
    expect(await progress(A, bx)).toEqual(reportBefore);
    expect(reportBefore.progress.failures).toEqual({ 'Numero non su WhatsApp (131026)': 30 });
    expect(await Promise.all([progress(A, by), progress(A, bw), progress(B, bv)])).toEqual(othersBefore);
    const kept = await su.query(`select id from broadcasts where delivery_report is not null`);
    expect(kept.rows.map((r) => r.id)).toEqual([bx]);

    // Webhook events: B's citizen's message stays for B's year of words; unprocessed work stays.
    const events = await su.query(`select event_key from webhook_events order by id`);
    expect(events.rows.map((r) => r.event_key)).toEqual(['b-msg-200', 'a-msg-100-unprocessed', 'a-msg-60', 'b-status-10']);

    // Audit log: the year-old entries went, and two entries say so.
    const audit = await su.query(`select tenant_id, scope, action, target_type, details from audit_log order by id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['a-200', 'b-30', 'retention.purge', 'retention.sweep']);
    expect(audit.rows[2]).toMatchObject({ tenant_id: null, scope: 'system', target_type: 'audit_log', details: expect.objectContaining({ purged: 3 }) });
    expect(audit.rows[3]).toMatchObject({
      tenant_id: null,
      scope: 'system',
      details: expect.objectContaining({ reportsKept: 1, deliveries: 248, webhookEvents: 3, auditLog: 3, periodsDays: { deliveriesDays: 180, webhookEventsDays: 90, auditDays: 365 } }),
    });
  });

  it('a second run finds nothing due, changes nothing and writes no entry', async () => {
    const before = await su.query(`select (select count(*) from deliveries) d, (select count(*) from webhook_events) e, (select count(*) from audit_log) a`);
    const result = await worker.get(RetentionSweep).run();
    expect(result).toMatchObject({ reportsKept: 0, deliveries: 0, webhookEvents: 0, auditLog: 0 });
    const after = await su.query(`select (select count(*) from deliveries) d, (select count(*) from webhook_events) e, (select count(*) from audit_log) a`);
    expect(after.rows).toEqual(before.rows);
  });

  it('once the straggler of a kept alert is settled, it goes too, and the report keeps the totals it had', async () => {
    const report = await progress(A, bx);
    await su.query(`update deliveries set status = 'delivered' where message->>'label' = 'x-uncertain'`);
    expect((await worker.get(RetentionSweep).run()).deliveries).toBe(5);
    expect(await labels('deliveries', `broadcast_id = '${bx}'`)).toEqual([]);
    expect(await progress(A, bx)).toEqual(report);
  });

  describe('the audit log stays append-only for the application', () => {
    const db = () => worker.get(TenantDb);

    it('refuses a plain DELETE, also in the platform scope and with the purge flag set', async () => {
      await expect(db().asPlatform('test', (em) => em.query(`delete from audit_log where action = 'b-30'`))).rejects.toThrow(/append-only/);
      await expect(
        db().asPlatform('retention.audit_log', async (em) => {
          await em.query(`select set_config('app.audit_purge', 'on', true)`);
          await em.query(`delete from audit_log where action = 'b-30'`);
        }),
      ).rejects.toThrow(/append-only/);
    });

    it('purges through the function only in the retention scope, and never entries younger than 180 days', async () => {
      const purge = (days: number) => (em: { query: (sql: string) => Promise<unknown> }) =>
        em.query(`select * from purge_audit_log(now() - interval '${days} days', 0, 1000)`);
      await expect(db().asPlatform('retention.audit_log', purge(30))).rejects.toThrow(/younger than 180 days/);
      await expect(db().asPlatform('some.other.purpose', purge(400))).rejects.toThrow(/retention sweep/);
      await expect(db().inTenant(A, purge(400))).rejects.toThrow(/retention sweep/);
      const left = await su.query(`select action from audit_log where action in ('a-200', 'b-30') order by id`);
      expect(left.rows.map((r) => r.action)).toEqual(['a-200', 'b-30']);
    });
  });

  it('a negative retention period stops the worker at start-up, with a message naming the setting', async () => {
    const saved = process.env;
    process.env = { ...saved, ...asEnvironment(env.settings), RETENTION_WEBHOOK_EVENTS_DAYS: '-7' };
    try {
      // The worker's start-up as main.ts does it (settings read from the environment), with the
      // retention room and its scheduler; the whole WorkerModule would leave Bull's Redis sockets open
      // in this process, where the real worker exits.
      @Module({ imports: [ConfigModule.forRoot(), DatabaseModule, AuditModule, RetentionModule], providers: [RetentionScheduler] })
      class BadRoot {}
      await expect(NestFactory.createApplicationContext(BadRoot, { logger: false, abortOnError: false })).rejects.toThrow(
        /RETENTION_WEBHOOK_EVENTS_DAYS \(malformed\)/,
      );
    } finally {
      process.env = saved;
    }
  });
});

function asEnvironment(settings: Settings): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
}
