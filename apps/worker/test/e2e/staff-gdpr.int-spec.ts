import { Stack } from './stack';

/** Town staff find a citizen, see the consent history, export and erase (GDPR), and tune their service. */
describe('town staff: subscribers, GDPR requests, keyword set and texts', () => {
  let s: Stack;
  let admin: string;
  const phone = '+393471234567';

  beforeAll(async () => {
    s = await Stack.start();
    const login = await s.api.http().post('/api/v1/auth/login').send({ email: 'admin@bientina.bacheca.local', password: 'demo-password-123' }).expect(200);
    admin = login.body.accessToken;
    await s.say('bientina', phone, 'ATTIVA');
    await s.reply('bientina', phone, 1);
  }, 60_000);
  afterAll(() => s.stop());

  const api = () => s.api.http();
  const auth = (t = admin) => ({ Authorization: `Bearer ${t}` });

  it('finds a citizen by number as staff type it, with masked number and consent history; the lookup is audited', async () => {
    const res = await api().get('/api/v1/subscribers/lookup').query({ phone: '347 123 4567' }).set(auth()).expect(200);
    expect(res.body).toMatchObject({ phoneMasked: '+39347••••567', status: 'active' });
    expect(res.body.consentHistory).toEqual([expect.objectContaining({ action: 'opt_in', wordsReceived: 'ATTIVA', noticeVersion: 1, channel: 'whatsapp' })]);
    const audit = await api().get('/api/v1/audit').set(auth()).expect(200);
    expect(audit.body.some((e: any) => e.action === 'subscriber.lookup' && e.targetId === res.body.id)).toBe(true);
    await api().get('/api/v1/subscribers/lookup').query({ phone: '333 000 0000' }).set(auth()).expect(404);
    expect((await api().get('/api/v1/subscribers/lookup').query({ phone: 'ciao' }).set(auth()).expect(400)).body.code).toBe('INVALID_PHONE');
  });

  it('lists subscribers with masked numbers only, and counts them by status, topic and day', async () => {
    const list = await api().get('/api/v1/subscribers').set(auth()).expect(200);
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(list.body)).not.toContain('3471234567');
    const stats = await api().get('/api/v1/subscribers/stats').set(auth()).expect(200);
    expect(stats.body.byStatus.active).toBeGreaterThanOrEqual(1);
    expect(stats.body.perDay).toHaveLength(30);
    expect(stats.body.perDay[29].joins).toBeGreaterThanOrEqual(1);
  });

  it('exports everything about one citizen as JSON and as injection-safe CSV, audited; a viewer may not', async () => {
    const found = await api().get('/api/v1/subscribers/lookup').query({ phone }).set(auth()).expect(200);
    const json = await api().get(`/api/v1/subscribers/${found.body.id}/export`).set(auth()).expect(200);
    expect(json.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(json.text);
    expect(data.subscriber.phone).toBe(phone);
    expect(data.consentHistory[0].action).toBe('opt_in');
    expect(data.messagesSent.length).toBeGreaterThanOrEqual(1);
    expect(data.messagesReceived[0].text).toBe('ATTIVA');
    const csv = await api().get(`/api/v1/subscribers/${found.body.id}/export?format=csv`).set(auth()).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    // "+39…" would be a formula to a spreadsheet: it is quoted as text.
    expect(csv.text).toContain(`'${phone}`);
    // The consent history is in the CSV too, with the words and the notice version.
    expect(csv.text).toMatch(/\r\nconsenso,opt_in,[^,]+,ATTIVA,informativa v1\r\n/);
    const audit = await api().get('/api/v1/audit').set(auth()).expect(200);
    const exports = audit.body.filter((e: any) => e.action === 'subscriber.export' && e.targetId === found.body.id);
    expect(exports.map((e: any) => e.details.format).sort()).toEqual(['csv', 'json']);

    const viewer = await s.api.http().post('/api/v1/users').set(auth()).send({ email: 'vista@example.org', fullName: 'Vista', role: 'viewer', password: 'una-password-lunga' }).expect(201);
    const vlogin = await api().post('/api/v1/auth/login').send({ email: 'vista@example.org', password: 'una-password-lunga' }).expect(200);
    void viewer;
    await api().get(`/api/v1/subscribers/${found.body.id}/export`).set(auth(vlogin.body.accessToken)).expect(403);
    await api().delete(`/api/v1/subscribers/${found.body.id}`).set(auth(vlogin.body.accessToken)).expect(403);
  });

  it('tries a message against the keyword set and shows which rule matched', async () => {
    const res = await api().post('/api/v1/settings/keyword-set/try').set(auth()).send({ text: 'disattiva per favore' }).expect(200);
    expect(res.body).toMatchObject({ action: 'unsubscribe', explanation: expect.any(String) });
    expect((await api().post('/api/v1/settings/keyword-set/try').set(auth()).send({ text: 'ATTIVAZIONE' }).expect(200)).body.action).toBe('none');
  });

  it('refuses an invalid keyword set with its problems listed, and changes nothing', async () => {
    const before = (await api().get('/api/v1/settings/service').set(auth()).expect(200)).body.keywordSet;
    const bad = { rules: [{ id: 'a', action: 'unsubscribe', phrases: ['VIA'] }], stopWords: [] };
    const res = await api().put('/api/v1/settings/keyword-set').set(auth()).send(bad).expect(400);
    expect(res.body.code).toBe('INVALID_KEYWORD_SET');
    expect(res.body.details.map((d: any) => d.code)).toContain('no_subscribe_rule');
    expect((await api().get('/api/v1/settings/service').set(auth()).expect(200)).body.keywordSet).toEqual(before);
  });

  it('a custom welcome text is what the next citizen receives', async () => {
    await api()
      .patch('/api/v1/settings/service')
      .set(auth())
      .send({ messages: { welcome: 'Ciao! Sei iscritto alle notizie di {comune}.' } })
      .expect(200);
    const bad = await api().patch('/api/v1/settings/service').set(auth()).send({ messages: { nonexistent: 'x' } }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await s.say('bientina', '+393479999999', 'ATTIVA');
    expect(await s.reply('bientina', '+393479999999', 1)).toBe('Ciao! Sei iscritto alle notizie di Bientina.');
  });

  it('publishes a new privacy notice version; the next consent records it', async () => {
    const res = await api().post('/api/v1/settings/privacy-notices').set(auth()).send({ title: 'Informativa 2026', url: 'https://www.comune.bientina.pi.it/privacy-2026' }).expect(201);
    expect(res.body.version).toBe(2);
    await s.say('bientina', '+393478888888', 'ATTIVA');
    expect(await s.reply('bientina', '+393478888888', 1)).toBeTruthy();
    const found = await api().get('/api/v1/subscribers/lookup').query({ phone: '+393478888888' }).set(auth()).expect(200);
    expect(found.body.consentHistory[0].noticeVersion).toBe(2);
  });

  it('serves a text notice on a public page, escaped', async () => {
    const page = await api().get('/privacy/cormano').expect(200);
    expect(page.text).toContain('Informativa privacy del servizio WhatsApp');
    expect(page.text).toContain('lang="it"');
    expect(page.text).toContain('<link rel="icon" href="data:,">');
    await api().get('/privacy/nowhere').expect(404);
  });

  it('erases a citizen: the record goes, the evidence stays by hash, and the erasure is in the ledger and the audit log', async () => {
    const found = await api().get('/api/v1/subscribers/lookup').query({ phone }).set(auth()).expect(200);
    await api().delete(`/api/v1/subscribers/${found.body.id}`).set(auth()).expect(204);
    await api().get(`/api/v1/subscribers/${found.body.id}`).set(auth()).expect(404);
    const ledger = await s.db((em) => em.query(`select action, channel from consent_ledger where action = 'erase'`));
    expect(ledger).toEqual(expect.arrayContaining([{ action: 'erase', channel: 'staff' }]));
    // The proof of consent survives the erasure, under the number's keyed hash only.
    const proof = await s.db((em) =>
      em.query(
        `select action, words_received from consent_ledger where phone_hash = (select phone_hash from consent_ledger where action = 'erase' and channel = 'staff') order by id`,
      ),
    );
    expect(proof).toEqual([
      { action: 'opt_in', words_received: 'ATTIVA' },
      { action: 'erase', words_received: null },
    ]);
    await api().get('/api/v1/subscribers/lookup').query({ phone }).set(auth()).expect(404);
    const audit = await api().get('/api/v1/audit').set(auth()).expect(200);
    expect(audit.body.some((e: any) => e.action === 'subscriber.erase')).toBe(true);
    const texts = await s.db((em) => em.query(`select count(*)::int as n from webhook_events where payload->>'text' = 'ATTIVA' and citizen_phone_enc is not null and payload ? 'text' and tenant_id = (select id from comuni where slug='bientina') and citizen_hash in (select phone_hash from consent_ledger where action = 'erase')`));
    expect(texts[0].n).toBe(0);
  });
});
