import { TenantDb } from '@bacheca/database';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';

/**
 * A comune's own service through the API: the keyword set its admins edit (starting from its town's
 * preset), the "try a message" box, privacy notice versions, and the subscriber counts.
 */
describe('service settings: keyword sets, trying a message, privacy notices, counts', () => {
  let h: ApiHarness;
  const town: Record<string, { id: string; admin: string }> = {};

  beforeAll(async () => {
    h = await startApi();
    for (const slug of ['cormano', 'bientina', 'rozzano', 'saronno', 'san-giuliano-milanese']) {
      const c = await makeComune(h, { slug, name: slug });
      town[slug] = { id: c.id, admin: (await makeStaff(h, c.id, 'admin')).token };
    }
  });
  afterAll(() => h.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const settings = async (slug: string) => (await h.http().get('/api/v1/settings/service').set(as(town[slug].admin)).expect(200)).body;
  const phrasesOf = (set: { rules: { action: string; phrases: string[] }[] }, action: string) =>
    set.rules.find((r) => r.action === action)?.phrases ?? [];
  const tryText = async (slug: string, text: string) =>
    (await h.http().post('/api/v1/settings/keyword-set/try').set(as(town[slug].admin)).send({ text }).expect(200)).body;

  it.each([
    ['cormano', 'ATTIVA INFORMAZIONI CORMANO', 'DISATTIVA ISCRIZIONE'],
    ['bientina', 'ATTIVA', 'DISATTIVA'],
    ['rozzano', 'Iscrivimi', 'Cancellami'],
    ['saronno', 'Attiva Notizie', 'Disattiva Notizie'],
    ['san-giuliano-milanese', 'ATTIVA', 'DISATTIVA'],
  ])("%s starts from its article's own words: subscribe %j, leave %j", async (slug, subscribe, leave) => {
    const set = (await settings(slug)).keywordSet;
    expect(phrasesOf(set, 'subscribe')[0]).toBe(subscribe);
    expect(phrasesOf(set, 'unsubscribe')[0]).toBe(leave);
  });

  it("Saronno's subscribe phrase captures first name, surname and comune of residence; San Giuliano has its four topics", async () => {
    const saronno = (await settings('saronno')).keywordSet.rules.find((r: { action: string }) => r.action === 'subscribe');
    expect(saronno.capture.map((f: { name: string; label: string }) => [f.name, f.label])).toEqual([
      ['first_name', 'nome'],
      ['last_name', 'cognome'],
      ['residence_comune', 'comune di residenza'],
    ]);
    const topics = new Set((await settings('san-giuliano-milanese')).keywordSet.rules.map((r: { topic?: string }) => r.topic).filter(Boolean));
    expect([...topics].sort()).toEqual(['allerta_meteo', 'eventi', 'servizi_comunali', 'trasporti_viabilita']);
  });

  it('shows which rule a message matches and why; DISATTIVA is never ATTIVA', async () => {
    expect(await tryText('bientina', 'disattiva per favore')).toMatchObject({ action: 'unsubscribe', ruleId: 'cancellazione', phrase: 'DISATTIVA' });
    expect(await tryText('bientina', 'Attiva 👍')).toMatchObject({ action: 'subscribe', ruleId: 'iscrizione', phrase: 'ATTIVA' });
    expect(await tryText('bientina', 'Disattva')).toMatchObject({ action: 'unsubscribe', typos: [{ written: 'Disattva', expected: 'DISATTIVA' }] });
    const saronno = await tryText('saronno', 'Attiva Notizie Mario Rossi Saronno');
    expect(saronno).toMatchObject({
      action: 'subscribe',
      ruleId: 'iscrizione',
      fields: { first_name: 'Mario', last_name: 'Rossi', residence_comune: 'Saronno' },
      missingFields: [],
    });
    const partial = await tryText('saronno', 'Attiva Notizie Mario');
    expect(partial.missingFields).toEqual(['last_name', 'residence_comune']);
    expect(partial.prompt).toMatch(/nome, cognome e comune di residenza/);
    const none = await tryText('bientina', 'Buongiorno, a che ora apre l’anagrafe?');
    expect(none.action).toBe('none');
    expect(none.explanation).toMatch(/nessuna azione/);
  });

  it('any staff role may try a message; a bad request gets a clear error', async () => {
    const viewer = await makeStaff(h, town.rozzano.id, 'viewer');
    const res = await h.http().post('/api/v1/settings/keyword-set/try').set(as(viewer.token)).send({ text: 'Cancellami' }).expect(200);
    expect(res.body.action).toBe('unsubscribe');
    const bad = await h.http().post('/api/v1/settings/keyword-set/try').set(as(viewer.token)).send({ text: 42 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('an admin edits the keyword set: the new words match at once, the change is audited; an editor may not', async () => {
    const set = (await settings('rozzano')).keywordSet;
    const edited = {
      ...set,
      rules: set.rules.map((r: { id: string; phrases: string[] }) => (r.id === 'iscrizione' ? { ...r, phrases: [...r.phrases, 'Attiva Rozzano Informa'] } : r)),
    };
    expect((await tryText('rozzano', 'attiva rozzano informa')).action).toBe('none');
    const editor = await makeStaff(h, town.rozzano.id, 'editor');
    await h.http().put('/api/v1/settings/keyword-set').set(as(editor.token)).send(edited).expect(403);
    await h.http().put('/api/v1/settings/keyword-set').set(as(town.rozzano.admin)).send(edited).expect(200);
    expect(await tryText('rozzano', 'attiva rozzano informa')).toMatchObject({ action: 'subscribe', phrase: 'Attiva Rozzano Informa' });
    expect((await tryText('rozzano', 'Iscrivimi')).action).toBe('subscribe');
    const audit = (await h.http().get('/api/v1/audit').set(as(town.rozzano.admin)).expect(200)).body;
    expect(audit.some((e: { action: string }) => e.action === 'keyword_set.replace')).toBe(true);

    // Back to the town's preset in one call.
    await h.http().post('/api/v1/settings/keyword-set/preset').set(as(town.rozzano.admin)).send({ preset: 'rozzano' }).expect(200);
    expect((await tryText('rozzano', 'attiva rozzano informa')).action).toBe('none');
  });

  it('refuses a set where one phrase means two things, listing the problem, and changes nothing', async () => {
    const before = (await settings('bientina')).keywordSet;
    const clash = {
      rules: [
        { id: 'iscrizione', action: 'subscribe', phrases: ['ATTIVA'] },
        { id: 'cancellazione', action: 'unsubscribe', phrases: ['attiva!'] },
      ],
      stopWords: [],
    };
    const res = await h.http().put('/api/v1/settings/keyword-set').set(as(town.bientina.admin)).send(clash).expect(400);
    expect(res.body.code).toBe('INVALID_KEYWORD_SET');
    expect(res.body.details).toEqual([expect.objectContaining({ code: 'phrase_conflict', ruleId: 'cancellazione' })]);
    expect((await settings('bientina')).keywordSet).toEqual(before);
  });

  it('publishes privacy notice versions, as a text or a link, each from its effective date', async () => {
    const url = '/api/v1/settings/privacy-notices';
    const admin = as(town['san-giuliano-milanese'].admin);
    const first = await h.http().post(url).set(admin).send({ title: 'Informativa', url: 'https://www.comune.sangiulianomilanese.mi.it/privacy-whatsapp' }).expect(201);
    expect(first.body).toMatchObject({ version: 1, body: null });
    const future = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const second = await h.http().post(url).set(admin).send({ title: 'Informativa 2027', body: 'Testo nuovo.', effectiveFrom: future }).expect(201);
    expect(second.body).toMatchObject({ version: 2, url: null, effectiveFrom: future });
    // The public page still sends citizens to the version in force today.
    const page = await h.http().get('/privacy/san-giuliano-milanese').expect(302);
    expect(page.headers.location).toBe('https://www.comune.sangiulianomilanese.mi.it/privacy-whatsapp');
    expect((await h.http().get(url).set(admin).expect(200)).body.map((n: { version: number }) => n.version)).toEqual([2, 1]);
  });

  it.each([
    ['neither text nor link', { title: 'Vuota' }],
    ['a blank text', { title: 'Vuota', body: '   ' }],
  ])('refuses a privacy notice with %s, and stores nothing', async (_, notice) => {
    const url = '/api/v1/settings/privacy-notices';
    const admin = as(town.cormano.admin);
    const before = (await h.http().get(url).set(admin).expect(200)).body.length;
    const res = await h.http().post(url).set(admin).send(notice).expect(400);
    expect(res.body).toMatchObject({ code: 'NOTICE_EMPTY', message: expect.stringMatching(/testo.*link/) });
    expect((await h.http().get(url).set(admin).expect(200)).body.length).toBe(before);
    const bad = await h.http().post(url).set(admin).send({ title: 'Link', url: 'javascript:alert(1)' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it("counts subscribers by status and topic, and joins and leaves per day of the comune's calendar", async () => {
    const { id, admin } = town['san-giuliano-milanese'];
    // Ten past midnight in Rome is still the day before in UTC: it counts for Rome's day.
    await h.app.get(TenantDb).inTenant(id, async (em) => {
      const rows: [string, string, string[]][] = [
        ['a', 'active', ['allerta_meteo', 'eventi']],
        ['b', 'active', ['allerta_meteo']],
        ['c', 'unsubscribed', ['eventi']],
        ['d', 'pending_confirmation', ['eventi']],
      ];
      for (const [who, status, topics] of rows) {
        await em.query(
          `insert into subscribers (tenant_id, phone_hash, phone_enc, status, topics, state_changed_at) values ($1, $2, '\\x01', $3, $4, now())`,
          [id, Buffer.from(who), status, topics],
        );
      }
      const day = async (offsetDays: number, hhmm: string, action: string, who: string) =>
        em.query(
          `insert into consent_ledger (tenant_id, phone_hash, action, occurred_at)
           values ($1, $2, $3, (((now() at time zone 'Europe/Rome')::date - $4::int) + $5::time) at time zone 'Europe/Rome')`,
          [id, Buffer.from(who), action, offsetDays, hhmm],
        );
      await day(1, '23:30', 'opt_in', 'a');
      await day(1, '00:15', 'opt_in', 'b');
      await day(0, '00:10', 'opt_in', 'c');
      await day(0, '00:20', 'opt_out', 'c');
      await day(0, '00:30', 'opt_in_requested', 'd');
    });
    const stats = (await h.http().get('/api/v1/subscribers/stats?days=3').set(as(admin)).expect(200)).body;
    expect(stats.byStatus).toEqual({ active: 2, unsubscribed: 1, pending_confirmation: 1 });
    expect(stats.byTopic).toEqual({ allerta_meteo: 2, eventi: 1 });
    expect(stats.perDay.map((d: { joins: number; leaves: number }) => [d.joins, d.leaves])).toEqual([
      [0, 0],
      [2, 0],
      [1, 1],
    ]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    expect(stats.perDay[2].day).toBe(today);
    expect((await h.http().get('/api/v1/subscribers/stats').set(as(admin)).expect(200)).body.perDay).toHaveLength(30);
    const bad = await h.http().get('/api/v1/subscribers/stats?days=0').set(as(admin)).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
