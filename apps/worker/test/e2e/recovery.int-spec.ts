import { getQueueToken } from '@nestjs/bull';
import type { Actor } from '@bacheca/audit';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { NumberDirectory, NumbersService } from '@bacheca/numbers';
import { OutboxRepository, SendDeliveries } from '@bacheca/delivery';
import { Sweeper } from '../../src/sweeper';
import { Stack, waitFor } from './stack';

const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

/**
 * What `npm run test:faults` found, pinned down: a worker killed mid-batch leaves rows it claimed
 * but never sent; they must reach their citizens exactly once (not stay `uncertain` for ever), and
 * the broadcast must complete. New credentials must release what a stopped number held back, also
 * the rows a batch still running holds after the rotation.
 */
describe('recovery after a worker dies or a token expires', () => {
  let s: Stack;
  let tenantId: string;
  let token: string;
  const api = () => s.api.http();
  const as = () => ({ Authorization: `Bearer ${token}` });
  const phones = Array.from({ length: 6 }, (_, i) => `+39348${String(3000000 + i)}`);

  beforeAll(async () => {
    // The sweeper runs only when a test calls it.
    s = await Stack.start({ INBOUND_SWEEP_INTERVAL_S: '3600', SENDING_ABANDONED_AFTER_S: '5' });
    tenantId = await s.comuneId('rozzano');
    token = (await api().post('/api/v1/auth/login').send({ email: 'admin@rozzano.bacheca.local', password: 'demo-password-123' }).expect(200)).body.accessToken;
    await s.api.app.get(TenantDb).inTenant(tenantId, async (em) => {
      const codec = citizenPhoneCodec(s.api.app.get(SecretBox), s.api.app.get(BlindIndex), tenantId);
      for (const phone of phones) {
        await em.query(
          `insert into subscribers (tenant_id, phone_hash, phone_enc, status, subscribed_at, state_changed_at, last_inbound_at)
           values ($1, $2, $3, 'active', now(), now(), now())`,
          [tenantId, codec.hash(phone), codec.seal(phone)],
        );
      }
    });
  }, 60_000);
  afterAll(() => s.stop());

  const copies = async (title: string) => {
    const out: Record<string, number> = {};
    for (const p of phones) out[p] = (await s.messagesTo('rozzano', p)).filter((m) => JSON.stringify(m.body).includes(title)).length;
    return out;
  };
  const status = async (id: string) => (await api().get(`/api/v1/broadcasts/${id}`).set(as()).expect(200)).body;
  /** The broadcast completes, with a row for every citizen, and each phone got exactly one copy. */
  const completesOnce = async (id: string, title: string, ms: number) => {
    const done = await waitFor(async () => {
      const d = await status(id);
      return d.status === 'completed' ? d : undefined;
    }, ms);
    expect(done.progress.total).toBe(phones.length);
    expect(Object.values(await copies(title))).toEqual(phones.map(() => 1));
  };

  it('a batch claimed by a worker that died: what Meta accepted is settled by its status, the rest is sent once, the broadcast completes', async () => {
    const queue = s.worker.get<any>(getQueueToken('delivery'), { strict: false });
    await queue.pause(false);
    const title = 'Allerta piena del Lambro';
    const b = (await api().post('/api/v1/broadcasts').set(as()).send({ title, body: 'Evacuare i piani terra.' }).expect(201)).body;
    await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as()).expect(200);
    // The dead worker: it claimed every row an hour ago, got two of them accepted by Meta, and its
    // batch chains died with it.
    await queue.empty();
    const rows: { id: string; subscriber_id: string }[] = await s.db((em) =>
      em.query(
        `update deliveries set status = 'sending', attempts = 1, claimed_at = now() - interval '1 hour' where broadcast_id = $1 returning id, subscriber_id`,
        [b.id],
      ),
    ).then((r) => r[0]);
    expect(rows).toHaveLength(phones.length);
    const number = (await s.api.app.get(NumberDirectory).forTenant(tenantId))!;
    const codec = citizenPhoneCodec(s.api.app.get(SecretBox), s.api.app.get(BlindIndex), tenantId);
    const accepted: string[] = [];
    for (const r of rows.slice(0, 2)) {
      const [sub] = await s.db((em) => em.query(`select phone_enc from subscribers where id = $1`, [r.subscriber_id]));
      const res = await fetch(`${s.sandbox.url}/v25.0/${number.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${number.accessToken}` },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: codec.open(sub.phone_enc), type: 'text', text: { body: `${title}\nEvacuare i piani terra.` }, biz_opaque_callback_data: `d:${r.id}` }),
      });
      expect(res.status).toBe(200);
      accepted.push(r.id);
    }
    await queue.resume(false);
    // Their status webhooks settle them although the worker never recorded the answer.
    await waitFor(async () => {
      const [r] = await s.db((em) => em.query(`select count(*)::int as n from deliveries where id = any($1::bigint[]) and status in ('sent', 'delivered', 'read')`, [accepted]));
      return r.n === 2 ? true : undefined;
    }, 15_000);

    const swept = await s.worker.get(Sweeper).sweep();
    expect(swept.abandoned).toBe(phones.length - 2);
    expect(swept.resent).toBe(phones.length - 2);
    expect(swept.broadcasts).toBe(1);
    await completesOnce(b.id, title, 20_000);
  });

  /**
   * A broadcast submitted while the news queue is paused (its chains wait there); `meanwhile` plays
   * what Redis or a dead worker did to them. Once the queue runs again, everyone must get it once.
   */
  async function whileQueuePaused(title: string, body: string, meanwhile: (queue: any, broadcastId: string) => Promise<void>) {
    const queue = s.worker.get<any>(getQueueToken('delivery'), { strict: false });
    await queue.pause(false);
    try {
      const b = (await api().post('/api/v1/broadcasts').set(as()).send({ title, body }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as()).expect(200);
      await meanwhile(queue, b.id);
      await queue.resume(false);
      await completesOnce(b.id, title, 20_000);
    } finally {
      await queue.resume(false);
    }
  }

  it('gives a broadcast whose chain waits for a slot no second chain; one whose chain Redis lost gets exactly one', async () => {
    await whileQueuePaused('Fiera rinviata', 'La fiera di San Martino è rinviata.', async (queue, broadcastId) => {
      const chains = async () => (await queue.getJobs(['waiting', 'paused'])).filter((j: any) => j.data.broadcastId === broadcastId).length;
      const waiting = await chains();
      expect(waiting).toBeGreaterThanOrEqual(1);
      // Its rows are due and its chain is in the queue, behind other comuni's: nothing to recover.
      expect((await s.worker.get(Sweeper).sweep()).broadcasts).toBe(0);
      expect(await chains()).toBe(waiting);
      // Redis loses the queue (emptying also lifts the pause: paused again): one chain, and a second
      // sweep adds none while it waits.
      await queue.empty();
      await queue.pause(false);
      expect((await s.worker.get(Sweeper).sweep()).broadcasts).toBe(1);
      expect((await s.worker.get(Sweeper).sweep()).broadcasts).toBe(0);
      expect(await chains()).toBe(1);
    });
  }, 40_000);

  it("resumes a broadcast at the next sweep when its chain's worker died mid-batch, not a minute later when Bull notices", async () => {
    await whileQueuePaused('Acqua sospesa', 'Domani acqua sospesa in via Roma.', async (queue, broadcastId) => {
      const own = (await queue.getJobs(['paused', 'waiting'])).filter((j: any) => j.data.broadcastId === broadcastId);
      expect(own.length).toBeGreaterThanOrEqual(1);
      // Taken by a worker (active, its lock renewed): alive, nothing to recover.
      for (const j of own) {
        await queue.client.lrem(queue.toKey('paused'), 0, j.id);
        await queue.client.lpush(queue.toKey('active'), j.id);
        await queue.client.set(j.lockKey(), 'a-live-worker', 'PX', 30_000);
      }
      expect((await s.worker.get(Sweeper).sweep()).broadcasts).toBe(0);
      // The worker is killed: its jobs stay listed active, their locks lapse.
      for (const j of own) await queue.client.del(j.lockKey());
      expect((await s.worker.get(Sweeper).sweep()).broadcasts).toBe(1);
      for (const j of own) await queue.client.lrem(queue.toKey('active'), 0, j.id);
    });
  }, 40_000);

  it('does not resend an uncertain row while webhooks received in its grace period are still waiting', async () => {
    const [number] = await s.db((em) => em.query(`select id from whatsapp_numbers where tenant_id = $1`, [tenantId]));
    const [d] = await s.db((em) =>
      em.query(
        `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, message, status, attempts, claimed_at)
         values ($1, $2, 'reply', '\\x00', '{"type":"text","body":"x"}', 'uncertain', 1, now() - interval '1 hour') returning id`,
        [tenantId, number.id],
      ),
    );
    const [event] = await s.db((em) =>
      em.query(
        `insert into webhook_events (tenant_id, whatsapp_number_id, event_key, kind, occurred_at, received_at, payload)
         values ($1, $2, 's:test-backlog:sent', 'status', now() - interval '59 minutes', now() - interval '59 minutes', '{}') returning id`,
        [tenantId, number.id],
      ),
    );
    const resend = () => s.db((em) => s.worker.get(OutboxRepository).resendUnconfirmed(em, 900));
    try {
      expect(await resend()).toBe(0);
      await s.db((em) => em.query(`update webhook_events set processed_at = now() where id = $1`, [event.id]));
      expect(await resend()).toBe(1);
      const [row] = await s.db((em) => em.query(`select status from deliveries where id = $1`, [d.id]));
      expect(row.status).toBe('queued');
    } finally {
      await s.db((em) => em.query(`update deliveries set status = 'cancelled' where id = $1`, [d.id]));
    }
  });

  it('new credentials release at once what the stopped number held back', async () => {
    const number = (await s.api.app.get(NumberDirectory).forTenant(tenantId))!;
    await s.sandboxCall('POST', '/_sandbox/faults', { expiredToken: [number.phoneNumberId] });
    const title = 'Chiusura scuole';
    const b = (await api().post('/api/v1/broadcasts').set(as()).send({ title, body: 'Domani scuole chiuse.' }).expect(201)).body;
    try {
      await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as()).expect(200);
      await waitFor(async () => ((await s.api.app.get(NumberDirectory).forTenant(tenantId))!.sendingStatus === 'stopped' ? true : undefined), 15_000);
      await waitFor(async () => {
        const [r] = await s.db((em) => em.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status = 'sending'`, [b.id]));
        return r.n === 0 ? true : undefined;
      });
    } finally {
      await s.sandboxCall('DELETE', '/_sandbox/faults');
    }
    // The comune pastes a fresh token (the sandbox accepts the same one again).
    await s.api.app.get(NumbersService).update(SYSTEM, number.id, { accessToken: number.accessToken });
    const [held] = await s.db((em) => em.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status = 'queued' and next_attempt_at > now()`, [b.id]));
    expect(held.n).toBe(0);
    expect((await s.worker.get(Sweeper).sweep()).broadcasts).toBeGreaterThanOrEqual(1);
    await completesOnce(b.id, title, 20_000);
  });

  it('a refusal of credentials read before a rotation does not stop the number again', async () => {
    const directory = s.api.app.get(NumberDirectory);
    const number = (await directory.forTenant(tenantId))!;
    const readBefore = new Date(Date.now() - 2000);
    await s.api.app.get(NumbersService).update(SYSTEM, number.id, { accessToken: number.accessToken });
    await directory.stopSending(tenantId, number.id, 'token scaduto (risposta tardiva)', readBefore);
    expect((await directory.forTenant(tenantId))!.sendingStatus).toBe('active');
    await directory.stopSending(tenantId, number.id, 'token scaduto', new Date());
    expect((await directory.forTenant(tenantId))!.sendingStatus).toBe('stopped');
    await s.api.app.get(NumbersService).update(SYSTEM, number.id, { accessToken: number.accessToken });
  });

  it('new credentials pasted while a batch records its holds for the stopped number: the held rows go at once', async () => {
    const queue = s.worker.get<any>(getQueueToken('delivery'), { strict: false });
    const directory = s.api.app.get(NumberDirectory);
    const outbox = s.worker.get(OutboxRepository);
    const number = (await directory.forTenant(tenantId))!;
    const title = 'Acqua non potabile';
    await queue.pause(false);
    const release = outbox.release.bind(outbox);
    const spy = jest.spyOn(outbox, 'release');
    try {
      const b = (await api().post('/api/v1/broadcasts').set(as()).send({ title, body: 'Non bere acqua del rubinetto fino a nuovo avviso.' }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as()).expect(200);
      // This test runs the batch itself, on a number stopped after the submit (a 190 mid-broadcast).
      await queue.empty();
      await directory.stopSending(tenantId, number.id, 'token scaduto', new Date());

      // The interleaving of the 20,000-recipient run: the batch has read the number stopped and is
      // writing its holds when the comune pastes the new token. The rotation is let run until it has
      // finished or waits for the batch; only then does the batch write and commit.
      let rotation: Promise<unknown> | undefined;
      spy.mockImplementation(async (...args) => {
        if (!rotation) {
          let finished = false;
          rotation = s.api.app
            .get(NumbersService)
            .update(SYSTEM, number.id, { accessToken: number.accessToken })
            .finally(() => (finished = true));
          await waitFor(async () => {
            if (finished) return true;
            const [w] = await s.db((em) =>
              em.query(
                `select count(*)::int as n from pg_stat_activity
                  where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'
                    and query ilike '%update%whatsapp_numbers%'`,
              ),
            );
            return w.n > 0;
          });
        }
        return release(...args);
      });
      const tally = await s.worker.get(SendDeliveries).runBroadcastBatch(tenantId, b.id);
      await rotation;
      spy.mockRestore();
      expect(tally).toMatchObject({ claimed: phones.length, sent: 0, retry: phones.length });
      expect((await directory.forTenant(tenantId))!.sendingStatus).toBe('active');

      // Before any sweep: every row is due now and none is marked held.
      const rows: { due: boolean; held: boolean }[] = await s.db((em) =>
        em.query(
          `select next_attempt_at <= now() as due, held_for_stopped_number as held from deliveries where broadcast_id = $1 and status = 'queued'`,
          [b.id],
        ),
      );
      expect(rows).toEqual(phones.map(() => ({ due: true, held: false })));

      await queue.resume(false);
      const swept = await s.worker.get(Sweeper).sweep();
      expect(swept.released).toBe(0);
      expect(swept.broadcasts).toBe(1);
      await completesOnce(b.id, title, 20_000);
    } finally {
      spy.mockRestore();
      await queue.resume(false);
    }
  });

  it('the sweeper releases rows held for a stopped number once it sends again; a number still stopped keeps them, other rows stay as they are', async () => {
    const priority = s.worker.get<any>(getQueueToken('priority'), { strict: false });
    const directory = s.api.app.get(NumberDirectory);
    const numbers = s.api.app.get(NumbersService);
    const bientina = await s.comuneId('bientina');
    const saronno = await s.comuneId('saronno');
    const numberOf = async (tenant: string) => (await directory.forTenant(tenant))!;
    const [rozzanoNumber, bientinaNumber, saronnoNumber] = [await numberOf(tenantId), await numberOf(bientina), await numberOf(saronno)];
    // Bientina's token has expired and nobody has pasted a new one yet.
    await directory.stopSending(bientina, bientinaNumber.id, 'token scaduto', new Date());
    // The state the race left behind, in Rozzano: rows held for the stopped number although it is
    // active again. Beside them, rows waiting for other reasons, which must keep their time.
    const insert = (tenant: string, numberId: string, held: boolean, reason: string): Promise<string> =>
      s
        .db((em) =>
          em.query(
            `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, message, status, next_attempt_at, error_reason, held_for_stopped_number)
             values ($1, $2, 'reply', '\\x00', '{"type":"text","body":"x"}', 'queued', date_trunc('second', now()) + interval '5 minutes', $3, $4) returning id`,
            [tenant, numberId, reason, held],
          ),
        )
        .then((r) => String(r[0].id));
    // Jobs the sweep queues for the released rows wait, so the rows can be looked at as the sweep left them.
    await priority.pause(false);
    const ids: string[] = [];
    try {
      const released = [await insert(tenantId, rozzanoNumber.id, true, 'Numero fermo: credenziali da aggiornare.'), await insert(tenantId, rozzanoNumber.id, true, 'Token scaduto')];
      const throttled = await insert(tenantId, rozzanoNumber.id, false, 'Troppi messaggi: nuovo tentativo');
      const stillStopped = [await insert(bientina, bientinaNumber.id, true, 'Numero fermo: credenziali da aggiornare.'), await insert(bientina, bientinaNumber.id, true, 'Token scaduto')];
      const paused = await insert(saronno, saronnoNumber.id, false, 'Invio in pausa');
      ids.push(...released, throttled, ...stillStopped, paused);
      type Row = { id: string; status: string; next_attempt_at: string; held: boolean; due: boolean };
      const read = async (): Promise<Map<string, Row>> => {
        const rows: Row[] = await s.db((em) =>
          em.query(
            `select id::text, status, next_attempt_at::text, held_for_stopped_number as held, next_attempt_at <= now() as due
               from deliveries where id = any($1::bigint[])`,
            [ids],
          ),
        );
        return new Map(rows.map((r) => [r.id, r]));
      };
      const before = await read();

      const swept = await s.worker.get(Sweeper).sweep();
      expect(swept.released).toBe(2);
      expect(swept.deliveries).toBeGreaterThanOrEqual(2);
      const after = await read();
      for (const id of released) expect(after.get(id)).toMatchObject({ status: 'queued', due: true, held: false });
      for (const id of [throttled, ...stillStopped, paused]) expect(after.get(id)).toEqual(before.get(id));
      expect(stillStopped.map((id) => after.get(id)!.held)).toEqual([true, true]);
      expect((await s.worker.get(Sweeper).sweep()).released).toBe(0);

      // Bientina's new token: its rotation releases its own rows, and the sweeper finds nothing left.
      await numbers.update(SYSTEM, bientinaNumber.id, { accessToken: bientinaNumber.accessToken });
      const rotated = await read();
      for (const id of stillStopped) expect(rotated.get(id)).toMatchObject({ status: 'queued', due: true, held: false });
      expect(rotated.get(throttled)).toEqual(before.get(throttled));
      expect(rotated.get(paused)).toEqual(before.get(paused));
      expect((await s.worker.get(Sweeper).sweep()).released).toBe(0);
    } finally {
      await s.db((em) => em.query(`update deliveries set status = 'cancelled' where id = any($1::bigint[])`, [ids]));
      if ((await numberOf(bientina)).sendingStatus === 'stopped') await numbers.update(SYSTEM, bientinaNumber.id, { accessToken: bientinaNumber.accessToken });
      await priority.empty();
      await priority.resume(false);
    }
  });

  it('a slow batch that is still running is not taken for abandoned: nothing is marked uncertain, nothing sent twice', async () => {
    const number = (await s.api.app.get(NumberDirectory).forTenant(tenantId))!;
    const setMps = async (mps: number) => {
      await s.api.app.get(NumbersService).update(SYSTEM, number.id, { mps });
      const registered = (await s.sandboxCall('GET', '/_sandbox/numbers')).find((n: { phoneNumberId: string }) => n.phoneNumberId === number.phoneNumberId);
      const { phoneNumberId, displayPhoneNumber, wabaId, callbackUrl } = registered;
      await s.sandboxCall('POST', '/_sandbox/numbers', { phoneNumberId, displayPhoneNumber, wabaId, callbackUrl, accessToken: number.accessToken, appSecret: number.appSecret, mps });
    };
    // One message a second, each answered after 1.5 s (within the Graph timeout): the batch of six outlives SENDING_ABANDONED_AFTER_S (5 s here).
    await setMps(1);
    await s.sandboxCall('POST', '/_sandbox/faults', { latencyMs: 1500 });
    const title = 'Sgombero neve';
    try {
      const b = (await api().post('/api/v1/broadcasts').set(as()).send({ title, body: 'Domani sgombero neve in centro.' }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as()).expect(200);
      const sweeps: number[] = [];
      const done = await waitFor(async () => {
        await new Promise((r) => setTimeout(r, 1000));
        sweeps.push((await s.worker.get(Sweeper).sweep()).abandoned);
        const d = await status(b.id);
        return d.status === 'completed' ? d : undefined;
      }, 40_000);
      expect(sweeps.length).toBeGreaterThanOrEqual(6);
      expect(sweeps.every((n) => n === 0)).toBe(true);
      expect(done.progress.total).toBe(phones.length);
      expect(Object.values(await copies(title))).toEqual(phones.map(() => 1));
    } finally {
      await s.sandboxCall('DELETE', '/_sandbox/faults');
      await setMps(80);
    }
  }, 60_000);

  it('a STOP stored but not yet acted on (the worker behind) still keeps the broadcast from that citizen', async () => {
    const inbound = s.worker.get<any>(getQueueToken('inbound'), { strict: false });
    const leaver = phones[5];
    await inbound.pause(false);
    const title = 'Mercato spostato';
    const b = (await api().post('/api/v1/broadcasts').set(as()).send({ title, body: 'Il mercato si sposta in piazza Roma.' }).expect(201)).body;
    try {
      await s.say('rozzano', leaver, 'STOP');
      await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as()).expect(200);
      // Everyone else gets it; the leaver's row waits for the STOP to be read.
      await waitFor(async () => {
        const c = await copies(title);
        return phones.slice(0, 5).every((p) => c[p] === 1) ? true : undefined;
      }, 20_000);
      const [held] = await s.db((em) =>
        em.query(`select d.status, d.error_reason from deliveries d join subscribers s on s.id = d.subscriber_id where d.broadcast_id = $1 and s.status = 'active' and d.status = 'queued'`, [b.id]),
      );
      expect(held.error_reason).toMatch(/non ancora letto/);
    } finally {
      await inbound.resume(false);
    }
    const done = await waitFor(async () => {
      const d = await status(b.id);
      return d.status === 'completed' ? d : undefined;
    }, 30_000);
    expect(done.progress.cancelled).toBe(1);
    expect((await copies(title))[leaver]).toBe(0);
  });
});
