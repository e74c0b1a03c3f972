import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { ConfigModule } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { ProcessInboundEvents } from '@bacheca/inbound';
import { QUEUES } from '@bacheca/queue';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { messagesWebhook } from '../../sandbox/src/inbound/inbound-payloads';
import { ApiHarness, makeComune, startApi } from '../../api/test/harness';
import { makeNumber, TestNumber } from '../../api/test/numbers-helper';
import { Sweeper } from '../src/sweeper';
import { WorkerModule } from '../src/worker.module';

async function waitFor<T>(probe: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker: stored webhook events are processed once, also when their job was lost', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let number: TestNumber;

  beforeAll(async () => {
    h = await startApi({ INBOUND_SWEEP_AFTER_S: '0', INBOUND_SWEEP_INTERVAL_S: '3600' });
    number = await makeNumber(h, (await makeComune(h)).id);
    @Module({ imports: [ConfigModule.forRoot(h.env.settings), WorkerModule] })
    class Root {}
    worker = await NestFactory.createApplicationContext(Root, { logger: ['error'] });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await h.close();
  });

  const post = (wamid: string) => {
    const raw = toMetaJson(
      messagesWebhook(
        { wabaId: number.wabaId, phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber },
        { type: 'text', fromDigits: '393331112222', userId: 'IT.1', profileName: 'A', wamid, timestamp: new Date(), text: 'ATTIVA', businessDigits: '39' },
      ),
    );
    return h.http().post('/webhooks/whatsapp').set('Content-Type', 'application/json').set('X-Hub-Signature-256', signPayload(Buffer.from(raw), number.appSecret)).send(raw);
  };
  const processedAt = (wamid: string) =>
    h.app
      .get(TenantDb)
      .asPlatform('test', (em) => em.query(`select processed_at from webhook_events where event_key = $1`, [`m:${wamid}`]))
      .then((rows: { processed_at: Date | null }[]) => rows[0]?.processed_at);

  it('processes an event stored by the API through the inbound queue', async () => {
    const wamid = `wamid.${randomBytes(6).toString('hex')}`;
    await post(wamid).expect(200);
    expect(await waitFor(() => processedAt(wamid))).toBeInstanceOf(Date);
  });

  it('the sweeper queues what Redis lost, and processing stays once', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.inbound), { strict: false });
    await queue.pause(false);
    const wamid = `wamid.${randomBytes(6).toString('hex')}`;
    await post(wamid).expect(200);
    // Redis loses the job before any worker takes it.
    await queue.empty();
    await queue.resume(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await processedAt(wamid)).toBeNull();
    const requeued = await worker.get(Sweeper).sweep();
    expect(requeued.events).toBeGreaterThanOrEqual(1);
    const first = await waitFor(() => processedAt(wamid));
    // A second sweep finds nothing pending and changes nothing.
    expect((await worker.get(Sweeper).sweep()).events).toBe(0);
    expect(await processedAt(wamid)).toEqual(first);
  });

  it('a job re-queued while a backlog drains costs one statement for what is done already, not a transaction per id', async () => {
    const wamid = `wamid.${randomBytes(6).toString('hex')}`;
    await post(wamid).expect(200);
    await waitFor(() => processedAt(wamid));
    const [row] = await h.app.get(TenantDb).asPlatform('test', (em) => em.query(`select id::text as id, tenant_id from webhook_events where event_key = $1`, [`m:${wamid}`]));
    const db = worker.get(TenantDb);
    const transactions = jest.spyOn(db, 'inTenant');
    try {
      const ids = Array.from({ length: 500 }, () => row.id);
      expect(await worker.get(ProcessInboundEvents).run(row.tenant_id, ids)).toEqual({ processed: 0, failed: 0 });
      expect(transactions).toHaveBeenCalledTimes(1);
    } finally {
      transactions.mockRestore();
    }
  });

  it("keeps citizens' words 30 days by default, and purges them after", async () => {
    const wamid = `wamid.${randomBytes(6).toString('hex')}`;
    await post(wamid).expect(200);
    await waitFor(() => processedAt(wamid));
    const db = h.app.get(TenantDb);
    const [settings] = await db.asPlatform('test', (em) =>
      em.query(`select s.inbound_retention_days as days from service_settings s join webhook_events e on e.tenant_id = s.tenant_id where e.event_key = $1`, [`m:${wamid}`]),
    );
    expect(settings.days).toBe(30);
    const textAfter = async (days: number) => {
      await db.asPlatform('test', (em) => em.query(`update webhook_events set received_at = now() - make_interval(days => $2) where event_key = $1`, [`m:${wamid}`, days]));
      await worker.get(Sweeper).sweep();
      const [row] = await db.asPlatform('test', (em) => em.query(`select payload->>'text' as text from webhook_events where event_key = $1`, [`m:${wamid}`]));
      return row.text;
    };
    expect(await textAfter(29)).toBe('ATTIVA');
    expect(await textAfter(31)).toBeNull();
  });

  it("purges citizens' words after the comune's retention period, keeping the row that stops a replay", async () => {
    const wamid = `wamid.${randomBytes(6).toString('hex')}`;
    await post(wamid).expect(200);
    await waitFor(() => processedAt(wamid));
    const tenant = await h.app.get(TenantDb).asPlatform('test', async (em) => (await em.query(`select tenant_id from webhook_events where event_key = $1`, [`m:${wamid}`]))[0].tenant_id);
    await h.app.get(TenantDb).asPlatform('test', async (em) => {
      await em.query(`insert into service_settings (tenant_id, keyword_set, inbound_retention_days) values ($1, '{}', 7)
                      on conflict (tenant_id) do update set inbound_retention_days = 7`, [tenant]);
      await em.query(`update webhook_events set received_at = now() - interval '8 days' where event_key = $1`, [`m:${wamid}`]);
    });
    expect((await worker.get(Sweeper).sweep()).purged).toBeGreaterThanOrEqual(1);
    const [row] = await h.app.get(TenantDb).asPlatform('test', (em) => em.query(`select payload, citizen_phone_enc, citizen_hash from webhook_events where event_key = $1`, [`m:${wamid}`]));
    expect(row.payload.text).toBeUndefined();
    expect(row.citizen_phone_enc).toBeNull();
    expect(row.citizen_hash).not.toBeNull();
  });

  it('discards a malformed job without touching the database', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.inbound), { strict: false });
    const job = await queue.add('inbound.process', { tenantId: "x' or 1=1 --", eventIds: ['1; drop table comuni'] }, { attempts: 3 });
    const failed = await waitFor(async () => ((await job.getState()) === 'failed' ? job : undefined));
    const fresh = await queue.getJob(failed.id);
    expect(fresh?.failedReason).toMatch(/malformed/);
    expect(fresh?.attemptsMade).toBe(1);
  });
});
