import { getQueueToken } from '@nestjs/bull';
import { Clock } from '@bacheca/config';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { signPayload } from '@bacheca/whatsapp';
import { DEMO_COMUNI } from '../../../cli/src/demo/comuni';
import { Sweeper } from '../../src/sweeper';
import { Stack, waitFor } from './stack';

/** Broadcasts end to end: compose, approve, send through the sandbox, watch the delivery. */
describe('broadcasts and alerts', () => {
  let s: Stack;
  const tokens: Record<string, string> = {};
  const api = () => s.api.http();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    s = await Stack.start();
    const login = async (email: string, password = 'demo-password-123') =>
      (await api().post('/api/v1/auth/login').send({ email, password }).expect(200)).body.accessToken as string;
    tokens.admin = await login('admin@bientina.bacheca.local');
    for (const role of ['editor', 'sender', 'viewer']) {
      await api().post('/api/v1/users').set(as('admin')).send({ email: `${role}@bientina.example.org`, fullName: role, role, password: 'una-password-lunga' }).expect(201);
      tokens[role] = await login(`${role}@bientina.example.org`, 'una-password-lunga');
    }
    tokens.saronno = await login('admin@saronno.bacheca.local');
    tokens.rozzano = await login('admin@rozzano.bacheca.local');
  }, 60_000);
  afterAll(() => s.stop());

  const subscribe = async (slug: string, phone: string, word: string) => {
    await s.say(slug, phone, word);
    await s.reply(slug, phone, (await s.messagesTo(slug, phone)).length + 1);
  };
  const draft = async (who: string, body: Record<string, unknown> = {}) =>
    (await api().post('/api/v1/broadcasts').set(as(who)).send({ title: 'Chiusura via Roma', body: 'Lavori sulla rete idrica.\nDeviazione per via Dante.', ...body }).expect(201)).body;
  const progress = async (who: string, id: string) => (await api().get(`/api/v1/broadcasts/${id}`).set(as(who)).expect(200)).body;
  const finished = (who: string, id: string) =>
    waitFor(async () => {
      const b = await progress(who, id);
      return b.status === 'completed' || b.status === 'cancelled' ? b : undefined;
    }, 20_000);

  it('sends to every subscriber once: free text to who wrote today, the template with "Disattiva" to the others; statuses reach read', async () => {
    const recent = '+393401000001';
    await subscribe('bientina', recent, 'ATTIVA');
    // A subscriber last heard from two days ago gets the template.
    const old = '+393401000002';
    await subscribe('bientina', old, 'ATTIVA');
    await s.db((em) => em.query(`update subscribers set last_inbound_at = now() - interval '2 days' where phone_hash is not null and last_inbound_at > now() - interval '1 minute' and id in (select id from subscribers order by created_at desc limit 1)`));

    const b = await draft('admin');
    const estimate = await api().get(`/api/v1/broadcasts/${b.id}/estimate`).set(as('admin')).expect(200);
    expect(estimate.body).toMatchObject({ recipients: expect.any(Number), durationS: expect.any(Number) });
    expect(estimate.body.blocker).toBeUndefined();
    const sent = await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as('admin')).expect(200);
    expect(['scheduled', 'sending']).toContain(sent.body.status);

    const done = await finished('admin', b.id);
    expect(done.status).toBe('completed');
    expect(done.progress.total).toBe(estimate.body.recipients);
    expect(done.progress.percent).toBe(100);
    const toRecent = (await s.messagesTo('bientina', recent)).filter((m) => JSON.stringify(m.body).includes('Chiusura via Roma'));
    const toOld = (await s.messagesTo('bientina', old)).filter((m) => JSON.stringify(m.body).includes('Chiusura via Roma'));
    expect(toRecent).toHaveLength(1);
    expect(toRecent[0].type).toBe('text');
    expect(toOld).toHaveLength(1);
    expect(toOld[0].type).toBe('template');
    expect(JSON.stringify(toOld[0].body)).toContain('UNSUBSCRIBE');
    const read = await waitFor(async () => {
      const p = (await progress('admin', b.id)).progress;
      return p.read === p.total ? p : undefined;
    });
    expect(read.delivered).toBe(read.total);
  });

  it('four eyes: an editor writes, cannot approve; the author cannot approve their own; a sender approves', async () => {
    await api().patch('/api/v1/settings/sending').set(as('admin')).send({ requireApproval: true }).expect(200);
    try {
      const b = await draft('editor');
      const submitted = await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as('editor')).expect(200);
      expect(submitted.body.status).toBe('awaiting_approval');
      await api().post(`/api/v1/broadcasts/${b.id}/approve`).set(as('editor')).expect(403);
      await api().post(`/api/v1/broadcasts/${b.id}/approve`).set(as('viewer')).expect(403);
      const own = await draft('sender');
      await api().post(`/api/v1/broadcasts/${own.id}/submit`).set(as('sender')).expect(200);
      expect((await api().post(`/api/v1/broadcasts/${own.id}/approve`).set(as('sender')).expect(403)).body.code).toBe('FOUR_EYES');
      const approved = await api().post(`/api/v1/broadcasts/${b.id}/approve`).set(as('sender')).expect(200);
      expect(approved.body.approvedBy).toBeTruthy();
      expect((await finished('admin', b.id)).status).toBe('completed');
      await api().post(`/api/v1/broadcasts/${own.id}/reject`).set(as('admin')).expect(200);
    } finally {
      await api().patch('/api/v1/settings/sending').set(as('admin')).send({ requireApproval: false }).expect(200);
    }
  });

  it('quiet hours hold news until morning in the comune\'s time zone; an urgent alert goes at once', async () => {
    const qh = await api().patch('/api/v1/settings/sending').set(as('admin')).send({ quietHoursStart: '21:00', quietHoursEnd: '08:00' }).expect(200);
    const clock = s.api.app.get(Clock);
    try {
      expect(qh.body).toMatchObject({ requireApproval: false, quietHoursStart: '21:00', quietHoursEnd: '08:00' });
      clock.travelTo(new Date('2026-11-24T22:30:00Z')); // 23:30 in Rome
      const news = await draft('admin');
      const held = await api().post(`/api/v1/broadcasts/${news.id}/submit`).set(as('admin')).expect(200);
      expect(held.body.status).toBe('scheduled');
      expect(held.body.sendAfter).toBe('2026-11-25T07:00:00.000Z'); // 08:00 in Rome
      const alert = await draft('admin', { title: 'Allerta meteo rossa', priority: 'urgent' });
      const now = await api().post(`/api/v1/broadcasts/${alert.id}/submit`).set(as('admin')).expect(200);
      expect(Math.abs(Date.parse(now.body.sendAfter) - Date.parse('2026-11-24T22:30:00Z'))).toBeLessThan(60_000);
      await api().post(`/api/v1/broadcasts/${news.id}/cancel`).set(as('admin')).expect(200);
    } finally {
      clock.travelTo(new Date());
      await api().patch('/api/v1/settings/sending').set(as('admin')).send({ quietHoursStart: null, quietHoursEnd: null }).expect(200);
    }
  });

  it('urgent alerts reach subscribers of every topic', async () => {
    const phone = '+393401000010';
    await subscribe('san-giuliano-milanese', phone, 'ATTIVA EVENTI');
    const sg = (await api().post('/api/v1/auth/login').send({ email: 'admin@san-giuliano-milanese.bacheca.local', password: 'demo-password-123' })).body.accessToken;
    const news = (await api().post('/api/v1/broadcasts').set({ Authorization: `Bearer ${sg}` }).send({ title: 'Meteo', body: 'Pioggia', topics: ['allerta_meteo'] }).expect(201)).body;
    const estimate = await api().get(`/api/v1/broadcasts/${news.id}/estimate`).set({ Authorization: `Bearer ${sg}` }).expect(200);
    const alert = (await api().post('/api/v1/broadcasts').set({ Authorization: `Bearer ${sg}` }).send({ title: 'Esondazione', body: 'Evacuare', topics: ['allerta_meteo'], priority: 'urgent' }).expect(201)).body;
    const urgentEstimate = await api().get(`/api/v1/broadcasts/${alert.id}/estimate`).set({ Authorization: `Bearer ${sg}` }).expect(200);
    expect(urgentEstimate.body.recipients).toBe(estimate.body.recipients + 1);
  });

  it('a citizen who unsubscribes while a broadcast is paused gets nothing when it resumes', async () => {
    const stays = '+393401000020';
    const leaves = '+393401000021';
    await subscribe('rozzano', stays, 'Iscrivimi');
    await subscribe('rozzano', leaves, 'Iscrivimi');
    const b = (await api().post('/api/v1/broadcasts').set(as('rozzano')).send({ title: 'Mercato', body: 'Sabato mercato in piazza' }).expect(201)).body;
    // Pause before anything goes: hold the worker's queue for a moment.
    const queue = s.worker.get<any>(getQueueToken('delivery'), { strict: false });
    await queue.pause(false);
    await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as('rozzano')).expect(200);
    await api().post(`/api/v1/broadcasts/${b.id}/pause`).set(as('rozzano')).expect(200);
    await queue.resume(false);
    await s.say('rozzano', leaves, 'Cancellami');
    await s.reply('rozzano', leaves, 2);
    await api().post(`/api/v1/broadcasts/${b.id}/resume`).set(as('rozzano')).expect(200);
    const done = await finished('rozzano', b.id);
    expect(done.progress.cancelled).toBeGreaterThanOrEqual(1);
    expect((await s.messagesTo('rozzano', leaves)).some((m) => JSON.stringify(m.body).includes('Mercato'))).toBe(false);
    expect((await s.messagesTo('rozzano', stays)).some((m) => JSON.stringify(m.body).includes('Mercato'))).toBe(true);
  });

  it('a citizen who leaves while a slow send is under way gets nothing, though their row was already claimed', async () => {
    const tenantId = await s.comuneId('san-giuliano-milanese');
    const phones = Array.from({ length: 12 }, (_, i) => `+39349${String(5000000 + i)}`);
    await s.api.app.get(TenantDb).inTenant(tenantId, async (em) => {
      const codec = citizenPhoneCodec(s.api.app.get(SecretBox), s.api.app.get(BlindIndex), tenantId);
      for (const p of phones) {
        await em.query(`insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, $2, $3, 'active', now() - interval '1 hour')`, [
          tenantId,
          codec.hash(p),
          codec.seal(p),
        ]);
      }
    });
    const provider = (await api().post('/api/v1/auth/login').send({ email: 'fornitore@bacheca.local', password: 'demo-password-123' })).body.accessToken;
    const [number] = (await api().get(`/api/v1/platform/comuni/${tenantId}/numbers`).set({ Authorization: `Bearer ${provider}` }).expect(200)).body;
    // Two messages a second: the whole audience is claimed in one batch that lasts several seconds.
    await api().patch(`/api/v1/platform/numbers/${number.id}`).set({ Authorization: `Bearer ${provider}` }).send({ mps: 2 }).expect(200);
    try {
      const login = (await api().post('/api/v1/auth/login').send({ email: 'admin@san-giuliano-milanese.bacheca.local', password: 'demo-password-123' })).body.accessToken;
      const b = (await api().post('/api/v1/broadcasts').set({ Authorization: `Bearer ${login}` }).send({ title: 'Sagra', body: 'Domenica sagra in piazza', priority: 'urgent' }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${b.id}/submit`).set({ Authorization: `Bearer ${login}` }).expect(200);
      await waitFor(async () => {
        const [c] = await s.db((em) =>
          em.query(`select count(*)::int as total, count(*) filter (where status = 'queued')::int as queued from deliveries where broadcast_id = $1`, [b.id]),
        );
        return c.total >= phones.length && c.queued === 0 ? true : undefined;
      });
      const last = phones[phones.length - 1];
      await s.sandboxCall('POST', '/_sandbox/inbound', { phoneNumberId: s.numberOf('san-giuliano-milanese'), from: last, text: 'DISATTIVA' });
      const done = await waitFor(async () => {
        const d = (await api().get(`/api/v1/broadcasts/${b.id}`).set({ Authorization: `Bearer ${login}` }).expect(200)).body;
        return d.status === 'completed' ? d : undefined;
      }, 30_000);
      expect(done.progress.cancelled).toBe(1);
      const got = async (p: string) => (await s.sandboxCall('GET', `/_sandbox/messages?phoneNumberId=${s.numberOf('san-giuliano-milanese')}&to=${encodeURIComponent(p)}`)).messages.filter((m: { body: unknown }) => JSON.stringify(m.body).includes('Sagra'));
      expect(await got(last)).toHaveLength(0);
      expect(await got(phones[0])).toHaveLength(1);
    } finally {
      await api().patch(`/api/v1/platform/numbers/${number.id}`).set({ Authorization: `Bearer ${provider}` }).send({ mps: 80 }).expect(200);
    }
  });

  it('urgent alerts and answers to citizens have their own lane: they go while every news slot is taken', async () => {
    const citizen = '+393401000040';
    await subscribe('rozzano', citizen, 'Iscrivimi');
    // The news lane stands still, as when long news sends hold all its slots.
    const news = s.worker.get<any>(getQueueToken('delivery'), { strict: false });
    await news.pause(false);
    try {
      const held = (await api().post('/api/v1/broadcasts').set(as('rozzano')).send({ title: 'Mercatino', body: 'Domenica mercatino' }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${held.id}/submit`).set(as('rozzano')).expect(200);
      const alert = (await api().post('/api/v1/broadcasts').set(as('rozzano')).send({ title: 'Esondazione Lambro', body: 'Evitare i sottopassi', priority: 'urgent' }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${alert.id}/submit`).set(as('rozzano')).expect(200);
      const got = async (title: string) => (await s.messagesTo('rozzano', citizen)).filter((m) => JSON.stringify(m.body).includes(title)).length;
      await waitFor(async () => ((await got('Esondazione Lambro')) === 1 ? true : undefined));
      // A citizen's question is answered meanwhile too.
      const before = (await s.messagesTo('rozzano', citizen)).length;
      await s.say('rozzano', citizen, 'Aiuto');
      await s.reply('rozzano', citizen, before + 1);
      expect(await got('Mercatino')).toBe(0);
    } finally {
      await news.resume(false);
    }
  });

  it('cancel stops what has not gone; expired news is dropped', async () => {
    await subscribe('rozzano', '+393401000030', 'Iscrivimi');
    const queue = s.worker.get<any>(getQueueToken('delivery'), { strict: false });
    await queue.pause(false);
    try {
      const c = (await api().post('/api/v1/broadcasts').set(as('rozzano')).send({ title: 'Annullato', body: 'x' }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${c.id}/submit`).set(as('rozzano')).expect(200);
      const cancelled = await api().post(`/api/v1/broadcasts/${c.id}/cancel`).set(as('rozzano')).expect(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect((await progress('rozzano', c.id)).progress.cancelled).toBe((await progress('rozzano', c.id)).progress.total);

      const e = (await api().post('/api/v1/broadcasts').set(as('rozzano')).send({ title: 'Scade', body: 'x', expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201)).body;
      await api().post(`/api/v1/broadcasts/${e.id}/submit`).set(as('rozzano')).expect(200);
      await new Promise((r) => setTimeout(r, 1700));
      await queue.resume(false);
      const done = await finished('rozzano', e.id);
      expect(done.progress.expired).toBe(done.progress.total);
    } finally {
      await queue.resume(false);
    }
  });

  it('is refused before it starts, with the reason: a comune in pre-launch; no approved template', async () => {
    const b = (await api().post('/api/v1/broadcasts').set(as('saronno')).send({ title: 'Prova', body: 'x' }).expect(201)).body;
    const pre = await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as('saronno')).expect(422);
    expect(pre.body.code).toBe('COMUNE_NOT_LIVE');

    const templates = (await api().get('/api/v1/templates').set(as('admin')).expect(200)).body;
    await api().patch(`/api/v1/templates/${templates[0].id}`).set(as('admin')).send({ status: 'PAUSED' }).expect(200);
    try {
      await s.db((em) => em.query(`update subscribers set last_inbound_at = null`));
      const d = await draft('admin');
      const res = await api().post(`/api/v1/broadcasts/${d.id}/submit`).set(as('admin')).expect(422);
      expect(res.body.code).toBe('NO_APPROVED_TEMPLATE');
      expect((await progress('admin', d.id)).status).toBe('draft');
    } finally {
      await api().patch(`/api/v1/templates/${templates[0].id}`).set(as('admin')).send({ status: 'APPROVED' }).expect(200);
    }
  });

  it('refuses a template without the "Disattiva" button or with broken parameters', async () => {
    const numbers = (await api().get('/api/v1/numbers').set(as('admin')).expect(200)).body;
    const base = { whatsappNumberId: numbers[0].id, name: 'altro', category: 'UTILITY', body: 'Ciao {{1}}', unsubscribeButton: true };
    expect((await api().post('/api/v1/templates').set(as('admin')).send({ ...base, unsubscribeButton: false }).expect(400)).body.code).toBe('INVALID_TEMPLATE');
    expect((await api().post('/api/v1/templates').set(as('admin')).send({ ...base, body: 'Ciao {{2}}' }).expect(400)).body.code).toBe('INVALID_TEMPLATE');
  });

  it('streams live progress over Server-Sent Events', async () => {
    const b = await draft('admin', { title: 'Evento SSE' });
    await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as('admin')).expect(200);
    const res = await fetch(`${s.apiUrl}/api/v1/broadcasts/${b.id}/events`, { headers: as('admin') });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = text.split('\n\n').filter((e) => e.includes('data:'));
    expect(events.length).toBeGreaterThanOrEqual(1);
    const last = JSON.parse(events[events.length - 1].split('data: ')[1]);
    expect(last.status).toBe('completed');
    expect(last.progress.percent).toBe(100);
  });

  it('gathers digest items into one message on the comune\'s schedule (San Giuliano, twice a week)', async () => {
    const sg = { Authorization: `Bearer ${(await api().post('/api/v1/auth/login').send({ email: 'admin@san-giuliano-milanese.bacheca.local', password: 'demo-password-123' })).body.accessToken}` };
    const phone = '+393401000050';
    await subscribe('san-giuliano-milanese', phone, 'ATTIVA');
    await api().patch('/api/v1/settings/sending').set(sg).send({ digestDays: ['tue', 'fri'], digestTime: '18:00' }).expect(200);
    const items: string[] = [];
    for (const title of ['Nuovi orari biblioteca', 'Festa di quartiere']) {
      const b = (await api().post('/api/v1/broadcasts').set(sg).send({ title, body: `Dettagli: ${title}`, digest: true }).expect(201)).body;
      const queued = await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(sg).expect(200);
      expect(queued.body.status).toBe('scheduled');
      expect([2, 5]).toContain(new Date(queued.body.sendAfter).getUTCDay());
      items.push(b.id);
    }
    // Tuesday 18:00 arrives.
    await s.db((em) => em.query(`update broadcasts set send_after = now() - interval '1 second' where id = any($1::uuid[])`, [items]));
    await s.worker.get(Sweeper).startDueBroadcasts();
    const digestId = await waitFor(async () => (await api().get(`/api/v1/broadcasts/${items[0]}`).set(sg)).body.digestId);
    expect((await api().get(`/api/v1/broadcasts/${items[1]}`).set(sg)).body.digestId).toBe(digestId);
    const done = await waitFor(async () => {
      const d = (await api().get(`/api/v1/broadcasts/${digestId}`).set(sg)).body;
      return d.status === 'completed' ? d : undefined;
    });
    expect(done.title).toBe('Le notizie del Comune di San Giuliano Milanese');
    const got = (await s.messagesTo('san-giuliano-milanese', phone)).filter((m) => JSON.stringify(m.body).includes('Festa di quartiere'));
    expect(got).toHaveLength(1);
    expect(JSON.stringify(got[0].body)).toContain('Nuovi orari biblioteca');
  });

  it("plans a send that would exceed Meta's 24-hour limit across the window", async () => {
    const numbers = (await api().get('/api/v1/numbers').set(as('rozzano')).expect(200)).body;
    const provider = (await api().post('/api/v1/auth/login').send({ email: 'fornitore@bacheca.local', password: 'demo-password-123' })).body.accessToken;
    await api().patch(`/api/v1/platform/numbers/${numbers[0].id}`).set({ Authorization: `Bearer ${provider}` }).send({ messagingLimitTier: 'TIER_250' }).expect(200);
    // 300 subscribers outside their window (written straight to the database: the flow is tested elsewhere).
    const tenantId = await s.comuneId('rozzano');
    await s.api.app.get(TenantDb).inTenant(tenantId, async (em) => {
      const codec = citizenPhoneCodec(s.api.app.get(SecretBox), s.api.app.get(BlindIndex), tenantId);
      for (let i = 0; i < 300; i++) {
        const phone = `+39349${String(2000000 + i)}`;
        await em.query(`insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, $2, $3, 'active', now())`, [
          tenantId,
          codec.hash(phone),
          codec.seal(phone),
        ]);
      }
    });
    const b = (await api().post('/api/v1/broadcasts').set(as('rozzano')).send({ title: 'Tanti', body: 'x' }).expect(201)).body;
    const estimate = (await api().get(`/api/v1/broadcasts/${b.id}/estimate`).set(as('rozzano')).expect(200)).body;
    expect(estimate.limitWarning).toMatch(/limite/i);
    await api().post(`/api/v1/broadcasts/${b.id}/submit`).set(as('rozzano')).expect(200);
    await waitFor(async () => ((await progress('rozzano', b.id)).progress.sent >= 200 ? true : undefined), 20_000);
    const waiting = await s.db((em) => em.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status = 'queued' and next_attempt_at > now() + interval '1 hour'`, [b.id]));
    expect(waiting[0].n).toBeGreaterThan(0);
    const sentOutside = await s.db((em) => em.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status <> 'queued'`, [b.id]));
    expect(sentOutside[0].n).toBeLessThanOrEqual(250);
    // A pause and a resume do not pull the sends planned for later forward.
    await api().post(`/api/v1/broadcasts/${b.id}/pause`).set(as('rozzano')).expect(200);
    await api().post(`/api/v1/broadcasts/${b.id}/resume`).set(as('rozzano')).expect(200);
    const stillWaiting = await s.db((em) => em.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status = 'queued' and next_attempt_at > now() + interval '1 hour'`, [b.id]));
    expect(stillWaiting[0].n).toBe(waiting[0].n);
    await api().post(`/api/v1/broadcasts/${b.id}/cancel`).set(as('rozzano')).expect(200);
  });

  it('a viewer cannot compose, and a test send reaches only the staff phone', async () => {
    await api().post('/api/v1/broadcasts').set(as('viewer')).send({ title: 'No', body: 'no' }).expect(403);
    const b = await draft('editor', { title: 'Bozza di prova' });
    await api().post(`/api/v1/broadcasts/${b.id}/test`).set(as('editor')).send({ phones: ['347 555 0001'] }).expect(200);
    const got = await waitFor(async () => (await s.messagesTo('bientina', '+393475550001')).find((m) => JSON.stringify(m.body).includes('[PROVA]')));
    expect(got.type).toBe('text');
    expect((await progress('editor', b.id)).status).toBe('draft');
  });
  it("acts on Meta's template verdicts: a rejection with its reason stops the template, a reinstatement brings it back; forged ones are refused", async () => {
    const waba = DEMO_COMUNI.find((c) => c.slug === 'bientina')!.whatsapp.wabaId;
    const tenantId = await s.comuneId('bientina');
    const template = async () => (await api().get('/api/v1/templates').set(as('admin')).expect(200)).body.find((t: { name: string }) => t.name === 'bacheca_avviso');
    expect(await template()).toMatchObject({ status: 'APPROVED', statusReason: null });

    const verdict = await s.sandboxCall('POST', '/_sandbox/templates/status', { wabaId: waba, name: 'bacheca_avviso', event: 'REJECTED', reason: 'INVALID_FORMAT' });
    expect(verdict.callbackStatus).toBe(200);
    await waitFor(async () => ((await template()).status === 'REJECTED' ? true : undefined));
    expect((await template()).statusReason).toBe('INVALID_FORMAT');
    const provider = (await api().post('/api/v1/auth/login').send({ email: 'fornitore@bacheca.local', password: 'demo-password-123' })).body.accessToken;
    const health = (await api().get(`/api/v1/platform/comuni/${tenantId}/health`).set({ Authorization: `Bearer ${provider}` }).expect(200)).body;
    expect(health.issues).toEqual(expect.arrayContaining(['no_approved_template', 'template_rejected']));

    // Quality warnings change nothing; a reinstatement makes it usable again.
    await s.sandboxCall('POST', '/_sandbox/templates/status', { wabaId: waba, name: 'bacheca_avviso', event: 'FLAGGED' });
    await s.sandboxCall('POST', '/_sandbox/templates/status', { wabaId: waba, name: 'bacheca_avviso', event: 'REINSTATED' });
    await waitFor(async () => ((await template()).status === 'APPROVED' ? true : undefined));

    // The same verdict posted twice is stored once; a forged or unknown one is refused and stores nothing.
    const stored = () => s.db((em) => em.query(`select count(*)::int as n from webhook_events where kind = 'template_status' and tenant_id = $1`, [tenantId]));
    const before = (await stored())[0].n;
    const body = JSON.stringify(verdict.payload);
    const secret = (await s.sandboxCall('GET', '/_sandbox/numbers')).find((n: { wabaId: string }) => n.wabaId === waba).appSecret;
    const post = (raw: string, signature: string) =>
      api().post('/webhooks/whatsapp').set({ 'content-type': 'application/json', 'x-hub-signature-256': signature }).send(raw);
    await post(body, signPayload(body, secret)).expect(200);
    expect((await stored())[0].n).toBe(before);
    await post(body, signPayload(body, 'not-the-secret')).expect(401);
    const elsewhere = body.split(waba).join('999999999999999');
    await post(elsewhere, signPayload(elsewhere, secret)).expect(404);
    const broken = JSON.stringify({ ...verdict.payload, entry: [{ id: waba, changes: [{ field: 'message_template_status_update', value: { event: 'REJECTED' } }] }] });
    expect((await post(broken, signPayload(broken, secret)).expect(400)).body.code).toBe('MALFORMED_PAYLOAD');
    expect((await stored())[0].n).toBe(before);
  });
});
