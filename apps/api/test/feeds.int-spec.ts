import { TemplatesService } from '@bacheca/broadcasts';
import { TenantDb } from '@bacheca/database';
import { Client } from 'pg';
import { FeedsService, fetchFeed, guardedLookup, MAX_NEW_PER_POLL, PollFeed } from '@bacheca/feeds';
import { urlAs } from '@bacheca/testing';
import { atom, BIENTINA, CORMANO, NASTY, rss, SampleItem, SAN_GIULIANO } from '../../../libs/feeds/test/samples';
import { FeedServer } from '../../../libs/feeds/test/feed-server';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';
import { makeNumber } from './numbers-helper';

/** Feeds of a comune's website, served by the test itself, imported through the API's "poll now". */
describe('town website feeds', () => {
  let h: ApiHarness;
  let site: FeedServer;
  let tenantId: string;
  let admin: string;
  let viewer: string;
  let seq = 0;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    h = await startApi({ FEED_ALLOW_PRIVATE_NETWORKS: 'true', FEED_FETCH_TIMEOUT_MS: '1500', FEED_MAX_BYTES: '100000' });
    site = await FeedServer.start();
    tenantId = (await makeComune(h)).id;
    const number = await makeNumber(h, tenantId);
    await h.app.get(TemplatesService).register({ userId: null, role: 'system', tenantId }, tenantId, {
      whatsappNumberId: number.id,
      name: 'bacheca_avviso',
      category: 'UTILITY',
      body: 'Comune di prova informa: {{1}}',
      unsubscribeButton: true,
      status: 'APPROVED',
    });
    admin = (await makeStaff(h, tenantId, 'admin')).token;
    viewer = (await makeStaff(h, tenantId, 'viewer')).token;
  });
  afterAll(async () => {
    await site.close();
    await h.close();
  });

  const db = <T>(sql: string, params: unknown[] = []): Promise<T[]> => h.app.get(TenantDb).inTenant(tenantId, (em) => em.query(sql, params));
  const path = (name: string) => `/${name}-${++seq}.xml`;
  const addFeed = async (url: string, body: Record<string, unknown> = {}) =>
    (await h.http().post('/api/v1/feeds').set(as(admin)).send({ name: 'Notizie dal sito', url, mode: 'review', pollIntervalMinutes: 10, ...body }).expect(201)).body;
  const poll = async (id: string) => (await h.http().post(`/api/v1/feeds/${id}/poll`).set(as(admin)).expect(200)).body;
  const detail = async (id: string) => (await h.http().get(`/api/v1/feeds/${id}`).set(as(viewer)).expect(200)).body;
  const broadcastsCount = async () => (await db<{ n: number }>('select count(*)::int as n from broadcasts'))[0].n;
  const broadcast = async (id: string) => (await db<Record<string, any>>('select * from broadcasts where id = $1', [id]))[0];
  /** A feed whose first fetch has noted what the site already had. */
  const readyFeed = async (p: string, first: string, body: Record<string, unknown> = {}) => {
    const feed = await addFeed(site.publish(p, first), body);
    const baseline = await poll(feed.id);
    expect(baseline).toMatchObject({ status: 'imported', imported: 0 });
    return feed;
  };

  it('RSS, review mode: the first fetch notes what is there; a new item becomes one draft with title, plain summary and link; 304 honoured', async () => {
    const p = path('cormano');
    const feed = await readyFeed(p, rss([SAN_GIULIANO]));
    expect((await detail(feed.id)).items).toEqual([expect.objectContaining({ title: SAN_GIULIANO.title, outcome: 'baseline', broadcastId: null })]);
    const before = await broadcastsCount();

    site.publish(p, rss([CORMANO, SAN_GIULIANO]));
    const result = await poll(feed.id);
    expect(result).toMatchObject({ status: 'imported', imported: 1, feed: { lastError: null, failures: 0, itemsImported: 1 } });
    expect(await broadcastsCount()).toBe(before + 1);
    const item = (await detail(feed.id)).items.find((i: { title: string }) => i.title === CORMANO.title);
    expect(item).toMatchObject({ outcome: 'draft', note: null, broadcastId: expect.any(String) });
    const b = await broadcast(item.broadcastId);
    expect(b).toMatchObject({ status: 'draft', title: CORMANO.title, created_by: null, digest: false });
    expect(b.body).toBe(
      `Il Comune sempre più connesso per migliorare la comunicazione verso i cittadini. Basta salvare il numero 335 6528217 e inviare «ATTIVA INFORMAZIONI CORMANO».\n\n${CORMANO.link}`,
    );

    // Unchanged since: a conditional request, answered 304, changes nothing.
    const again = await poll(feed.id);
    expect(again).toMatchObject({ status: 'not_modified', imported: 0, feed: { lastError: null } });
    expect(site.hits(p).at(-1)!.headers['if-none-match']).toMatch(/^"/);
    expect(site.hits(p).at(-1)!.headers['if-modified-since']).toBeTruthy();
    expect(await broadcastsCount()).toBe(before + 1);

    const audit = await db<{ action: string }>(`select action from audit_log where target_id in ($1, $2) order by id`, [feed.id, item.broadcastId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['feed.create', 'feed.poll', 'broadcast.create']));
  });

  it('Atom, automatic mode: a new item is submitted and scheduled; with four eyes it waits for approval instead', async () => {
    const p = path('bientina');
    const feed = await readyFeed(p, atom([]), { mode: 'auto' });
    site.publish(p, atom([BIENTINA]), { contentType: 'application/atom+xml' });
    expect(await poll(feed.id)).toMatchObject({ status: 'imported', imported: 1 });
    const [item] = (await detail(feed.id)).items.filter((i: { outcome: string }) => i.outcome !== 'baseline');
    expect(item.outcome).toBe('scheduled');
    const b = await broadcast(item.broadcastId);
    expect(['scheduled', 'sending']).toContain(b.status);
    expect(b.body).toContain('dell’amministrazione');
    expect(b.body.endsWith(BIENTINA.link)).toBe(true);

    await h.http().patch('/api/v1/settings/sending').set(as(admin)).send({ requireApproval: true }).expect(200);
    try {
      const later: SampleItem = { ...BIENTINA, guid: 'https://www.comune.bientina.pi.it/notizie/guasto-acquedotto', link: 'https://www.comune.bientina.pi.it/notizie/guasto-acquedotto', title: 'Guasto alla rete idrica in via Roma' };
      site.publish(p, atom([later, BIENTINA]), { contentType: 'application/atom+xml' });
      expect(await poll(feed.id)).toMatchObject({ imported: 1 });
      const waiting = (await detail(feed.id)).items.find((i: { title: string }) => i.title === later.title);
      expect(waiting.outcome).toBe('awaiting_approval');
      expect((await broadcast(waiting.broadcastId)).status).toBe('awaiting_approval');
    } finally {
      await h.http().patch('/api/v1/settings/sending').set(as(admin)).send({ requireApproval: false }).expect(200);
    }
  });

  it('automatic mode respects quiet hours: an item published at night waits for the morning', async () => {
    const hhmm = (d: Date) => new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
    const now = Date.now();
    await h.http()
      .patch('/api/v1/settings/sending')
      .set(as(admin))
      .send({ quietHoursStart: hhmm(new Date(now - 3600_000)), quietHoursEnd: hhmm(new Date(now + 3600_000)) })
      .expect(200);
    try {
      const p = path('notte');
      const feed = await readyFeed(p, rss([]), { mode: 'auto' });
      site.publish(p, rss([SAN_GIULIANO]));
      expect(await poll(feed.id)).toMatchObject({ imported: 1 });
      const [item] = (await detail(feed.id)).items;
      const b = await broadcast(item.broadcastId);
      expect(b.status).toBe('scheduled');
      expect(new Date(b.send_after).getTime()).toBeGreaterThan(now + 30 * 60_000);
    } finally {
      await h.http().patch('/api/v1/settings/sending').set(as(admin)).send({ quietHoursStart: null, quietHoursEnd: null }).expect(200);
    }
  });

  it('HTML with scripts and odd entities becomes safe plain text', async () => {
    const p = path('rozzano');
    const feed = await readyFeed(p, rss([]));
    site.publish(p, rss([NASTY], { escapeHtml: true }));
    expect(await poll(feed.id)).toMatchObject({ imported: 1 });
    const [item] = (await detail(feed.id)).items;
    const b = await broadcast(item.broadcastId);
    expect(b.title).toBe('Scadenze TARI: l’avviso è online');
    expect(b.body).toBe(`Caffè e cornetto: l’Ufficio Tributi è aperto. Leggi\n\n${NASTY.link}`);
    expect(`${b.title} ${b.body}`).not.toMatch(/<|alert|javascript|evil|&[a-z#0-9]+;/i);
  });

  it('a feed that republishes old items with new dates, GUIDs in other case and tracked links imports each once', async () => {
    const p = path('ripubblica');
    const feed = await readyFeed(p, rss([]));
    const a: SampleItem = { ...SAN_GIULIANO, guid: 'SGM-2023-118' };
    const b: SampleItem = { ...CORMANO };
    site.publish(p, rss([a, b]));
    expect(await poll(feed.id)).toMatchObject({ imported: 2 });
    const count = await broadcastsCount();

    const rewritten = [
      { ...a, guid: 'sgm-2023-118', pubDate: 'Mon, 01 Dec 2025 10:00:00 +0100', link: `${a.link}/?utm_source=newsletter` },
      { ...b, guid: ` ${b.guid!.toUpperCase()} `, pubDate: 'Mon, 01 Dec 2025 10:00:00 +0100' },
    ];
    site.publish(p, rss(rewritten));
    expect(await poll(feed.id)).toMatchObject({ status: 'imported', imported: 0 });
    // A CMS migration that gives every article a new GUID: the link still says it is the same article.
    site.publish(p, rss([{ ...a, guid: 'node/118' }, { ...b, guid: 'node/4711', link: b.link.replace('https://www.', 'http://') }]));
    expect(await poll(feed.id)).toMatchObject({ imported: 0 });
    expect(await broadcastsCount()).toBe(count);
    expect((await detail(feed.id)).itemsImported).toBe(2);
  });

  it('items that all link to the same news page are told apart by their GUIDs', async () => {
    const p = path('stessolink');
    const page = 'https://www.comune.rozzano.mi.it/notizie';
    const feed = await readyFeed(p, rss([{ ...SAN_GIULIANO, guid: 'r-1', link: page, title: 'Primo avviso' }]));
    site.publish(p, rss([{ ...SAN_GIULIANO, guid: 'r-2', link: page, title: 'Secondo avviso' }, { ...SAN_GIULIANO, guid: 'r-1', link: page, title: 'Primo avviso' }]));
    expect(await poll(feed.id)).toMatchObject({ imported: 1 });
    expect((await detail(feed.id)).items.find((i: { title: string }) => i.title === 'Secondo avviso').outcome).toBe('draft');
  });

  it('a comune with digests: an automatic item becomes an entry of the next digest', async () => {
    await h.http().patch('/api/v1/settings/sending').set(as(admin)).send({ digestDays: ['tue', 'fri'], digestTime: '18:00' }).expect(200);
    try {
      const p = path('riepilogo');
      const feed = await readyFeed(p, rss([]), { mode: 'auto', digest: true });
      site.publish(p, rss([SAN_GIULIANO]));
      expect(await poll(feed.id)).toMatchObject({ imported: 1 });
      const [item] = (await detail(feed.id)).items;
      expect(item.outcome).toBe('digest');
      const b = await broadcast(item.broadcastId);
      expect(b).toMatchObject({ digest: true, status: 'scheduled' });
      const at = new Date(b.send_after);
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
      expect(local).toMatch(/^(Tue|Fri) 18:00$/);
    } finally {
      await h.http().patch('/api/v1/settings/sending').set(as(admin)).send({ digestDays: [], digestTime: null }).expect(200);
    }
  });

  it('automatic mode in a comune not live yet: the item stays a draft, with the reason', async () => {
    const prelaunch = (await makeComune(h, { status: 'pre_launch' })).id;
    await makeNumber(h, prelaunch);
    const system = { userId: null, role: 'system' as const, tenantId: prelaunch };
    const p = path('prelancio');
    const feed = await h.app.get(FeedsService).create(system, prelaunch, { name: 'Notizie', url: site.publish(p, rss([])), mode: 'auto' });
    const poller = h.app.get(PollFeed);
    expect(await poller.run(prelaunch, feed.id)).toMatchObject({ status: 'imported', imported: 0 });
    site.publish(p, rss([CORMANO]));
    expect(await poller.run(prelaunch, feed.id)).toMatchObject({ status: 'imported', imported: 1 });
    const [item] = (await h.app.get(FeedsService).get(prelaunch, feed.id)).items;
    expect(item).toMatchObject({ outcome: 'draft', note: expect.stringMatching(/^Non inviata automaticamente: Il servizio del comune non è ancora attivo/) });
  });

  it('an item and its bulletin commit together: a failure while writing the bulletin leaves no trace, and the next poll imports it', async () => {
    const p = path('guasto');
    const feed = await readyFeed(p, rss([]));
    site.publish(p, rss([BIENTINA]));
    // A real fault in the real database: inserting a broadcast fails, after the item row was written.
    const su = new Client({ connectionString: urlAs(h.env, 'postgres') });
    await su.connect();
    try {
      await su.query(`create function test_refuse() returns trigger language plpgsql as $$ begin raise exception 'disco pieno'; end $$`);
      await su.query(`create trigger test_refuse before insert on broadcasts for each row execute function test_refuse()`);
      const before = await broadcastsCount();
      const failed = await poll(feed.id);
      expect(failed).toMatchObject({ status: 'error', imported: 0, error: 'Errore nel salvare le notizie: riproveremo al prossimo controllo.', feed: { failures: 1 } });
      expect(await broadcastsCount()).toBe(before);
      expect((await detail(feed.id)).items.filter((i: { outcome: string }) => i.outcome !== 'baseline')).toEqual([]);
    } finally {
      await su.query(`drop trigger if exists test_refuse on broadcasts`);
      await su.query(`drop function if exists test_refuse()`);
      await su.end();
    }
    // The ETag of the failed fetch was not kept, so the next fetch reads the feed again.
    expect(await poll(feed.id)).toMatchObject({ status: 'imported', imported: 1, feed: { failures: 0, lastError: null } });
  });

  it('a site that suddenly shows many new items: at most MAX_NEW_PER_POLL per fetch, the rest at the next one (not a 304)', async () => {
    const p = path('tanti');
    const feed = await readyFeed(p, rss([]));
    const many = Array.from({ length: MAX_NEW_PER_POLL + 5 }, (_, i) => ({ ...SAN_GIULIANO, guid: `sgm-${i}`, link: `${SAN_GIULIANO.link}-${i}`, title: `Avviso numero ${i}` }));
    site.publish(p, rss(many));
    expect(await poll(feed.id)).toMatchObject({ status: 'imported', imported: MAX_NEW_PER_POLL });
    expect(await poll(feed.id)).toMatchObject({ status: 'imported', imported: 5 });
    expect(await poll(feed.id)).toMatchObject({ status: 'not_modified', imported: 0 });
    const titles = (await detail(feed.id)).items.map((i: { title: string }) => i.title);
    expect(new Set(titles).size).toBe(MAX_NEW_PER_POLL + 5);
  });

  it('two polls racing on the same new item import it once', async () => {
    const p = path('gara');
    const feed = await readyFeed(p, rss([]));
    site.publish(p, rss([CORMANO, SAN_GIULIANO, BIENTINA]));
    const before = await broadcastsCount();
    const poller = h.app.get(PollFeed);
    const results = await Promise.all([poller.run(tenantId, feed.id), poller.run(tenantId, feed.id), poller.run(tenantId, feed.id)]);
    expect(results.reduce((sum, r) => sum + r.imported, 0)).toBe(3);
    expect(await broadcastsCount()).toBe(before + 3);
    const items = await db<{ n: number }>(`select count(*)::int as n from feed_items where feed_id = $1 and broadcast_id is not null`, [feed.id]);
    expect(items[0].n).toBe(3);
  });

  it('filters by category and words, accent- and case-insensitively; the rest is noted as filtered', async () => {
    const p = path('filtri');
    const feed = await readyFeed(p, rss([]), { filterCategories: ['VIABILITA'], filterWords: ['allerta meteo', 'neve'] });
    site.publish(p, rss([CORMANO, SAN_GIULIANO]));
    expect(await poll(feed.id)).toMatchObject({ imported: 1 });
    const items = (await detail(feed.id)).items;
    expect(items.find((i: { title: string }) => i.title === SAN_GIULIANO.title).outcome).toBe('draft');
    expect(items.find((i: { title: string }) => i.title === CORMANO.title)).toMatchObject({ outcome: 'filtered', broadcastId: null });
  });

  describe('refused, with a clear error and nothing half-done', () => {
    const refused = async (url: string, message: RegExp) => {
      const feed = await addFeed(url);
      const before = await broadcastsCount();
      const result = await poll(feed.id);
      expect(result).toMatchObject({ status: 'error', imported: 0, error: expect.stringMatching(message) });
      expect(result.feed).toMatchObject({ lastError: result.error, failures: 1, lastSuccessAt: null });
      expect(await broadcastsCount()).toBe(before);
      expect((await detail(feed.id)).items).toEqual([]);
      return result;
    };

    it('malformed XML, with line and column; errors back off exponentially', async () => {
      const url = site.route(path('rotto'), (_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end('<rss version="2.0"><channel>\n<item><title>Rotto</channel></rss>'));
      const first = await refused(url, /^Il feed non è XML valido \(riga 2, colonna \d+\)\.$/);
      const delay1 = new Date(first.feed.nextPollAt).getTime() - Date.now();
      expect(delay1).toBeGreaterThan(19 * 60_000); // 2 × 10 minutes
      expect(delay1).toBeLessThanOrEqual(20 * 60_000);
      const second = await poll(first.feed.id);
      expect(second.feed.failures).toBe(2);
      const delay2 = new Date(second.feed.nextPollAt).getTime() - Date.now();
      expect(delay2).toBeGreaterThan(39 * 60_000);
      expect(delay2).toBeLessThanOrEqual(40 * 60_000);
    });

    it('a site that never answers: timeout', async () => {
      const url = site.route(path('lento'), () => undefined);
      const started = Date.now();
      await refused(url, /^Il sito non ha risposto entro 2 secondi\.$/);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('a body that stops half-way: timeout too, nothing imported', async () => {
      const url = site.route(path('meta'), (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(rss([CORMANO]).slice(0, 300));
      });
      await refused(url, /non ha risposto entro/);
    });

    it('a huge feed: refused on its declared size, and when it streams without one', async () => {
      const huge = rss(Array.from({ length: 600 }, (_, i) => ({ ...CORMANO, guid: `g${i}` })));
      expect(Buffer.byteLength(huge)).toBeGreaterThan(100_000);
      await refused(site.publish(path('enorme'), huge), /^Il feed è troppo grande \(.+ MB; al massimo 0,1 MB\)\.$/);
      const streamed = site.route(path('infinito'), (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        const chunk = Buffer.alloc(16_384, 'a');
        const pump = () => {
          while (res.write(chunk));
          res.once('drain', pump);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
      });
      await refused(streamed, /^Il feed è troppo grande \(oltre 0,1 MB\)\.$/);
    });

    it('a page that is not a feed, a 404, a redirect loop', async () => {
      await refused(site.route(path('pagina'), (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>Benvenuti</p></body></html>')), /non è un feed RSS 2.0 o Atom/);
      await refused(`${site.url}/manca.xml`, /risponde 404/);
      const loop = path('giro');
      site.route(loop, (_req, res) => res.writeHead(302, { location: loop }).end());
      await refused(`${site.url}${loop}`, /troppe volte/);
    });
  });

  it('outside tests, feeds on loopback or private networks are refused, also behind a name (SSRF)', async () => {
    const url = site.publish(path('interno'), rss([]));
    const port = new URL(url).port;
    const opts = { timeoutMs: 1500, maxBytes: 100_000, allowPrivateNetworks: false };
    const blocked = /rete interna: non è consentito/;
    await expect(fetchFeed(url, opts)).rejects.toThrow(blocked);
    await expect(fetchFeed(`http://localhost:${port}/x.xml`, opts)).rejects.toThrow(blocked);
    // Any name that resolves to a private address is caught where the connection looks it up.
    const looked = await new Promise<{ code?: string; message: string }>((resolve) => guardedLookup('localhost', {}, (err) => resolve(err as never)));
    expect(looked).toMatchObject({ code: 'EBLOCKED', message: expect.stringMatching(blocked) });
    await expect(fetchFeed('http://[::1]/x.xml', opts)).rejects.toThrow(blocked);
    await expect(fetchFeed('file:///etc/passwd', opts)).rejects.toThrow('Il feed deve essere un indirizzo http o https.');
    expect(site.hits(new URL(url).pathname)).toHaveLength(0);
  });

  it('follows a redirect to the feed', async () => {
    const target = site.publish(path('nuovo'), rss([]));
    const moved = site.route(path('vecchio'), (_req, res) => res.writeHead(301, { location: target }).end());
    expect(await poll((await addFeed(moved)).id)).toMatchObject({ status: 'imported', feed: { lastError: null } });
  });

  describe('the API', () => {
    it('refuses bad input with Italian messages and changes nothing', async () => {
      const bad = async (body: Record<string, unknown>, status = 400) => {
        const res = await h.http().post('/api/v1/feeds').set(as(admin)).send({ name: 'X', url: 'https://www.comune.it/rss', mode: 'review', ...body }).expect(status);
        return res.body;
      };
      expect((await bad({ url: 'ftp://www.comune.it/rss' })).details).toEqual([{ field: 'url', problems: ['url: indirizzo http o https non valido'] }]);
      expect((await bad({ url: 'javascript:alert(1)' })).code).toBe('VALIDATION_FAILED');
      expect((await bad({ mode: 'subito' })).details[0].field).toBe('mode');
      expect((await bad({ name: '   ' })).details).toEqual([{ field: 'name', problems: ['name: indica un nome'] }]);
      expect((await bad({ pollIntervalMinutes: 0 })).details[0].field).toBe('pollIntervalMinutes');
      expect((await bad({ topics: ['Viabilità!'] })).details[0].field).toBe('topics');
      expect((await bad({ extra: 1 })).code).toBe('VALIDATION_FAILED');
      expect(await bad({ digest: true }, 422)).toMatchObject({ code: 'NO_DIGEST_SCHEDULE', message: expect.stringContaining('riepilogo') });
      const url = `${site.url}/doppio.xml`;
      await addFeed(url);
      expect(await bad({ url }, 409)).toMatchObject({ code: 'FEED_EXISTS', message: 'Questo feed è già configurato per il comune.' });
      expect((await db<{ n: number }>(`select count(*)::int as n from feeds where url like 'https://www.comune.it%'`))[0].n).toBe(0);
    });

    it('viewers read health; only admins change feeds; update and delete are audited; bulletins outlive their feed', async () => {
      const p = path('ciclo');
      const feed = await readyFeed(p, rss([]));
      site.publish(p, rss([BIENTINA]));
      await poll(feed.id);
      const list = (await h.http().get('/api/v1/feeds').set(as(viewer)).expect(200)).body;
      expect(list.find((f: { id: string }) => f.id === feed.id)).toMatchObject({ itemsImported: 1, lastError: null, lastFetchedAt: expect.any(String) });
      await h.http().patch(`/api/v1/feeds/${feed.id}`).set(as(viewer)).send({ enabled: false }).expect(403);
      await h.http().post(`/api/v1/feeds/${feed.id}/poll`).set(as(viewer)).expect(403);

      const updated = (await h.http().patch(`/api/v1/feeds/${feed.id}`).set(as(admin)).send({ mode: 'auto', filterWords: [' acqua ', 'acqua'] }).expect(200)).body;
      expect(updated).toMatchObject({ mode: 'auto', filterWords: ['acqua'], name: 'Notizie dal sito', itemsImported: 1 });
      const moved = (await h.http().patch(`/api/v1/feeds/${feed.id}`).set(as(admin)).send({ url: `${site.url}/altrove.xml` }).expect(200)).body;
      expect(moved).toMatchObject({ lastSuccessAt: null, failures: 0 });

      const broadcastId = (await detail(feed.id)).items.find((i: { broadcastId: string | null }) => i.broadcastId).broadcastId;
      await h.http().delete(`/api/v1/feeds/${feed.id}`).set(as(admin)).expect(204);
      await h.http().get(`/api/v1/feeds/${feed.id}`).set(as(admin)).expect(404);
      expect((await db<{ n: number }>(`select count(*)::int as n from feed_items where feed_id = $1`, [feed.id]))[0].n).toBe(0);
      expect(await broadcast(broadcastId)).toBeDefined();
      const audit = await db<{ action: string }>(`select action from audit_log where target_id = $1 order by id`, [feed.id]);
      expect(audit.map((a) => a.action)).toEqual(['feed.create', 'feed.poll', 'feed.poll', 'feed.update', 'feed.update', 'feed.delete']);
    });
  });
});
