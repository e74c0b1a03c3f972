import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { ConfigModule } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { ProcessInboundEvents } from '@bacheca/inbound';
import { BachecaMetrics } from '@bacheca/metrics';
import { QUEUES } from '@bacheca/queue';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { ApiHarness, makeComune, startApi } from '../../api/test/harness';
import { makeNumber, TestNumber } from '../../api/test/numbers-helper';
import { WorkerModule } from '../src/worker.module';

interface Row {
  id: string;
  status: string;
  meta_message_id: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  error_code: number | null;
  error_reason: string | null;
  recipient_enc: Buffer | null;
}

/**
 * A job's status webhooks are applied in one statement (a broadcast brings three per message). These
 * cases pin down that the bulk path means what one status at a time meant, and that one bad event in
 * a flood costs only itself.
 */
describe('worker: status webhooks applied in bulk', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let numberA: TestNumber;
  let numberB: TestNumber;
  let tenantA: string;
  let tenantB: string;
  // Meta's timestamps, in whole seconds, a few minutes back.
  const base = Math.floor(Date.now() / 1000) - 600;
  const at = (s: number) => base + s;

  beforeAll(async () => {
    h = await startApi({ INBOUND_SWEEP_AFTER_S: '3600', INBOUND_SWEEP_INTERVAL_S: '3600' });
    tenantA = (await makeComune(h)).id;
    tenantB = (await makeComune(h)).id;
    numberA = await makeNumber(h, tenantA);
    numberB = await makeNumber(h, tenantB);
    @Module({ imports: [ConfigModule.forRoot(h.env.settings), WorkerModule] })
    class Root {}
    worker = await NestFactory.createApplicationContext(Root, { logger: ['error'] });
    await worker.init();
    // The test runs the jobs itself, so that it knows when they ran.
    await worker.get<Queue>(getQueueToken(QUEUES.inbound), { strict: false }).pause(false);
  });
  afterAll(async () => {
    await worker.close();
    await h.close();
  });

  const db = <T>(fn: (em: import('typeorm').EntityManager) => Promise<T>) => h.app.get(TenantDb).asPlatform('test', fn);

  /** Deliveries in flight for a comune: `sent` with Meta's id, or `uncertain` without one. */
  async function deliveries(tenantId: string, number: TestNumber, n: number, status: 'sent' | 'uncertain' | 'read'): Promise<Row[]> {
    return db((em) =>
      em.query(
        `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, recipient_enc, message, status, meta_message_id, sent_at, read_at, delivered_at)
         select $1, w.id, 'news', decode(md5(random()::text), 'hex'), '\\x01', '{"type":"text","body":"x"}', $3,
                case when $3 = 'uncertain' then null else 'wamid.' || md5(random()::text) end,
                case when $3 = 'uncertain' then null else now() - interval '20 minutes' end,
                case when $3 = 'read' then now() - interval '5 minutes' end,
                case when $3 = 'read' then now() - interval '6 minutes' end
           from whatsapp_numbers w, generate_series(1, $4)
          where w.phone_number_id = $2
         returning id::text, status, meta_message_id, sent_at, delivered_at, read_at, error_code, error_reason, recipient_enc`,
        [tenantId, number.phoneNumberId, status, n],
      ),
    );
  }
  const reread = (ids: string[]): Promise<Row[]> =>
    db((em) =>
      em.query(
        `select id::text, status, meta_message_id, sent_at, delivered_at, read_at, error_code, error_reason, recipient_enc
           from deliveries where id = any($1::bigint[]) order by id`,
        [ids],
      ),
    );

  type Status = { id: string; status: string; timestamp: string; recipient_id: string; biz_opaque_callback_data?: string; errors?: unknown[] };
  const status = (wamid: string, s: string, seconds: number, extra: Partial<Status> = {}): Status => ({
    id: wamid,
    status: s,
    timestamp: String(at(seconds)),
    recipient_id: '393330000000',
    ...extra,
  });

  /** One signed POST, as Meta sends it; answers the stored events' ids. */
  async function post(number: TestNumber, statuses: Status[]): Promise<string[]> {
    const raw = toMetaJson({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: number.wabaId,
          changes: [
            { field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '39', phone_number_id: number.phoneNumberId }, statuses } },
          ],
        },
      ],
    });
    await h.http().post('/webhooks/whatsapp').set('Content-Type', 'application/json').set('X-Hub-Signature-256', signPayload(Buffer.from(raw), number.appSecret)).send(raw).expect(200);
    const keys = statuses.map((s) => `s:${s.id}:${s.status}`);
    const rows: { id: string }[] = await db((em) => em.query(`select id::text from webhook_events where event_key = any($1) order by id`, [keys]));
    return rows.map((r) => r.id);
  }
  const pendingOf = (ids: string[]): Promise<number> =>
    db((em) => em.query(`select count(*)::int as n from webhook_events where id = any($1::bigint[]) and processed_at is null`, [ids])).then((r) => r[0].n);

  it('moves 100 messages through sent, delivered and read from one shuffled flood of 300 statuses', async () => {
    const rows = await deliveries(tenantA, numberA, 100, 'sent');
    const statuses = rows.flatMap((r) => [status(r.meta_message_id!, 'read', 30), status(r.meta_message_id!, 'sent', 1), status(r.meta_message_id!, 'delivered', 10)]);
    statuses.sort(() => Math.random() - 0.5);
    const ids = await post(numberA, statuses);
    expect(ids).toHaveLength(300);

    expect(await worker.get(ProcessInboundEvents).run(tenantA, ids)).toEqual({ processed: 300, failed: 0 });

    const after = await reread(rows.map((r) => r.id));
    expect(new Set(after.map((r) => r.status))).toEqual(new Set(['read']));
    for (const r of after) {
      expect(r.delivered_at!.getTime()).toBe(at(10) * 1000);
      expect(r.read_at!.getTime()).toBe(at(30) * 1000);
      // Ours, from the moment Meta accepted it: a status's earlier timestamp does not replace it.
      expect(r.sent_at).toEqual(rows.find((x) => x.id === r.id)!.sent_at);
    }
    expect(await pendingOf(ids)).toBe(0);
  });

  it('never moves a message back: a late `delivered` leaves a read message read, with its times', async () => {
    const rows = await deliveries(tenantA, numberA, 3, 'read');
    const ids = await post(
      numberA,
      rows.map((r) => status(r.meta_message_id!, 'delivered', 2)),
    );
    await worker.get(ProcessInboundEvents).run(tenantA, ids);
    const after = await reread(rows.map((r) => r.id));
    expect(after.map((r) => [r.status, r.delivered_at, r.read_at])).toEqual(rows.map((r) => ['read', r.delivered_at, r.read_at]));
    expect(await pendingOf(ids)).toBe(0);
  });

  it("settles sends whose answer was lost by the id Meta echoes, and records a failure with Meta's code and an Italian reason", async () => {
    const lost = await deliveries(tenantA, numberA, 2, 'uncertain');
    const [failing] = await deliveries(tenantA, numberA, 1, 'sent');
    const wamids = lost.map(() => `wamid.${randomBytes(8).toString('hex')}`);
    const ids = await post(numberA, [
      ...lost.map((r, i) => status(wamids[i], 'sent', 1, { biz_opaque_callback_data: `d:${r.id}` })),
      status(wamids[0], 'delivered', 3, { biz_opaque_callback_data: `d:${lost[0].id}` }),
      status(failing.meta_message_id!, 'failed', 4, { errors: [{ code: 131026, title: 'Message undeliverable' }] }),
    ]);
    await worker.get(ProcessInboundEvents).run(tenantA, ids);
    const [a, b] = await reread(lost.map((r) => r.id));
    expect([a.status, a.meta_message_id, b.status, b.meta_message_id]).toEqual(['delivered', wamids[0], 'sent', wamids[1]]);
    expect(a.sent_at!.getTime()).toBe(at(1) * 1000);
    const [f] = await reread([failing.id]);
    expect(f).toMatchObject({ status: 'failed', error_code: 131026, recipient_enc: null });
    expect(f.error_reason).toMatch(/[a-zà-ù]/i);
    expect(f.error_reason).not.toMatch(/undeliverable/i);
  });

  it('counts each delivery time once, also when `read` is acted on before `delivered` (two jobs, in either order)', async () => {
    const deliveredCount = async () => {
      const metric = await worker.get(BachecaMetrics).deliveryLatency.get();
      return metric.values.find((v) => v.metricName?.endsWith('_count') && v.labels.stage === 'sent_to_delivered' && v.labels.lane === 'news')?.value ?? 0;
    };
    const before = await deliveredCount();
    const [inOrder, readFirst] = await deliveries(tenantA, numberA, 2, 'sent');
    const run = async (s: Status) => worker.get(ProcessInboundEvents).run(tenantA, await post(numberA, [s]));
    await run(status(inOrder.meta_message_id!, 'delivered', 3));
    await run(status(inOrder.meta_message_id!, 'read', 4));
    await run(status(readFirst.meta_message_id!, 'read', 4));
    await run(status(readFirst.meta_message_id!, 'delivered', 3));
    expect((await deliveredCount()) - before).toBe(2);
    const [a, b] = await reread([inOrder.id, readFirst.id]);
    expect([a.status, b.status]).toEqual(['read', 'read']);
    expect(a.delivered_at!.getTime()).toBe(at(3) * 1000);
    // Meta's `read` came first: it says the message was delivered by then, and a late `delivered` never moves it back.
    expect(b.delivered_at!.getTime()).toBe(at(4) * 1000);
  });

  it("touches no other comune's delivery, even when told its Meta id or its delivery id", async () => {
    const [theirs] = await deliveries(tenantB, numberB, 1, 'sent');
    const [theirsLost] = await deliveries(tenantB, numberB, 1, 'uncertain');
    const ids = await post(numberA, [
      status(theirs.meta_message_id!, 'read', 5),
      status(`wamid.${randomBytes(8).toString('hex')}`, 'sent', 5, { biz_opaque_callback_data: `d:${theirsLost.id}` }),
    ]);
    expect(await worker.get(ProcessInboundEvents).run(tenantA, ids)).toEqual({ processed: 2, failed: 0 });
    const after = await reread([theirs.id, theirsLost.id]);
    expect(after.map((r) => [r.status, r.meta_message_id])).toEqual([
      ['sent', theirs.meta_message_id],
      ['uncertain', null],
    ]);
  });

  it('one bad status in a flood costs only itself: the others are applied, it is kept with its error for a person', async () => {
    const rows = await deliveries(tenantA, numberA, 20, 'sent');
    // Our own callback format, but an id beyond any delivery's: Postgres refuses it as a bigint.
    const poison = status(`wamid.${randomBytes(8).toString('hex')}`, 'sent', 1, { biz_opaque_callback_data: 'd:9999999999999999999' });
    const ids = await post(numberA, [...rows.map((r) => status(r.meta_message_id!, 'delivered', 2)), poison]);
    expect(ids).toHaveLength(21);

    expect(await worker.get(ProcessInboundEvents).run(tenantA, ids)).toEqual({ processed: 20, failed: 1 });

    expect(new Set((await reread(rows.map((r) => r.id))).map((r) => r.status))).toEqual(new Set(['delivered']));
    const [kept] = await db((em) =>
      em.query(`select processed_at, attempts, last_error from webhook_events where event_key = $1`, [`s:${poison.id}:sent`]),
    );
    expect(kept).toMatchObject({ processed_at: null, attempts: 1 });
    expect(kept.last_error).toMatch(/bigint/);
  });
});
