import { JwtService } from '@nestjs/jwt';
import type { Express } from 'express';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { TENANT_TABLES_SQL } from '@bacheca/testing';
import { PrivacyNoticesService, ServiceSettingsService } from '@bacheca/subscriptions';
import { BroadcastsService, TemplatesService } from '@bacheca/broadcasts';
import { FeedsService } from '@bacheca/feeds';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';
import { makeNumber } from './numbers-helper';

/**
 * The isolation matrix. The coverage test reads the routes from the application's own router, so a
 * new endpoint that is not listed here (documented or not) fails it and must be given its
 * cross-comune expectations.
 */
type Ids = { comune: string; user: string; number: string; subscriber: string; broadcast: string; template: string; feed: string };
interface Route {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  /** Concrete path aimed at comune B's records. */
  url: (b: Ids) => string;
  /** A valid body; a function when it names a record of the comune aimed at. */
  body?: Record<string, unknown> | ((t: Ids) => Record<string, unknown>);
  scope: 'town' | 'platform' | 'public' | 'signed-in';
  writes: boolean;
  /** Reads of personal data that only a comune's admin may make (GDPR exports). */
  adminOnly?: boolean;
  /** Names one record of the other comune (by id in the path, or otherwise). */
  targetsRecord?: boolean;
  /** Server-Sent Events: answers with a stream, checked by status only. */
  stream?: boolean;
}

/** Each comune's test citizen, by comune id. */
const PHONES: Record<string, string> = {};

const ROUTES: Route[] = [
  { method: 'get', path: '/api/v1/comune', url: () => '/api/v1/comune', scope: 'town', writes: false },
  { method: 'patch', path: '/api/v1/comune', url: () => '/api/v1/comune', body: { contactPhone: '02 1234567' }, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/users', url: () => '/api/v1/users', scope: 'town', writes: false },
  {
    method: 'post',
    path: '/api/v1/users',
    url: () => '/api/v1/users',
    body: { email: 'new.user@example.org', fullName: 'Nuovo', role: 'viewer', password: 'a-long-password-1' },
    scope: 'town',
    writes: true,
  },
  { method: 'get', path: '/api/v1/users/{id}', url: (b) => `/api/v1/users/${b.user}`, scope: 'town', writes: false },
  { method: 'patch', path: '/api/v1/users/{id}', url: (b) => `/api/v1/users/${b.user}`, body: { fullName: 'Preso' }, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/audit', url: () => '/api/v1/audit', scope: 'town', writes: false },
  { method: 'get', path: '/api/v1/platform/comuni', url: () => '/api/v1/platform/comuni', scope: 'platform', writes: false },
  // Sets the queue dashboard's cookie; writes no row, but is a provider-only door.
  { method: 'post', path: '/api/v1/platform/queues/session', url: () => '/api/v1/platform/queues/session', scope: 'platform', writes: true },
  {
    method: 'post',
    path: '/api/v1/platform/comuni',
    url: () => '/api/v1/platform/comuni',
    body: { slug: 'intruso', name: 'Intruso', istatCode: '999999', province: 'MI' },
    scope: 'platform',
    writes: true,
  },
  { method: 'get', path: '/api/v1/platform/comuni/{id}', url: (b) => `/api/v1/platform/comuni/${b.comune}`, scope: 'platform', writes: false },
  {
    method: 'patch',
    path: '/api/v1/platform/comuni/{id}',
    url: (b) => `/api/v1/platform/comuni/${b.comune}`,
    body: { name: 'Preso' },
    scope: 'platform',
    writes: true,
  },
  {
    method: 'post',
    path: '/api/v1/platform/comuni/{id}/suspend',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/suspend`,
    body: { reason: 'prova' },
    scope: 'platform',
    writes: true,
  },
  {
    method: 'post',
    path: '/api/v1/platform/comuni/{id}/reactivate',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/reactivate`,
    scope: 'platform',
    writes: true,
  },
  {
    method: 'get',
    path: '/api/v1/platform/comuni/{comuneId}/users',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/users`,
    scope: 'platform',
    writes: false,
  },
  {
    method: 'post',
    path: '/api/v1/platform/comuni/{comuneId}/users',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/users`,
    body: { email: 'intruso@example.org', fullName: 'Intruso' },
    scope: 'platform',
    writes: true,
  },
  { method: 'get', path: '/api/v1/numbers', url: () => '/api/v1/numbers', scope: 'town', writes: false },
  { method: 'get', path: '/api/v1/subscribers', url: () => '/api/v1/subscribers', scope: 'town', writes: false },
  { method: 'get', path: '/api/v1/broadcasts', url: () => '/api/v1/broadcasts', scope: 'town', writes: false },
  { method: 'post', path: '/api/v1/broadcasts', url: () => '/api/v1/broadcasts', body: { title: 'Intrusa', body: 'x' }, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/broadcasts/{id}', url: (b) => `/api/v1/broadcasts/${b.broadcast}`, scope: 'town', writes: false },
  { method: 'put', path: '/api/v1/broadcasts/{id}', url: (b) => `/api/v1/broadcasts/${b.broadcast}`, body: { title: 'Presa', body: 'x' }, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/broadcasts/{id}/estimate', url: (b) => `/api/v1/broadcasts/${b.broadcast}/estimate`, scope: 'town', writes: false },
  { method: 'get', path: '/api/v1/broadcasts/{id}/events', url: (b) => `/api/v1/broadcasts/${b.broadcast}/events`, scope: 'town', writes: false, stream: true },
  ...(['submit', 'approve', 'reject', 'pause', 'resume', 'cancel'] as const).map(
    (op): Route => ({ method: 'post', path: `/api/v1/broadcasts/{id}/${op}`, url: (b) => `/api/v1/broadcasts/${b.broadcast}/${op}`, scope: 'town', writes: true }),
  ),
  { method: 'post', path: '/api/v1/broadcasts/{id}/test', url: (b) => `/api/v1/broadcasts/${b.broadcast}/test`, body: { phones: ['+393330000009'] }, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/templates', url: () => '/api/v1/templates', scope: 'town', writes: false },
  {
    method: 'post',
    path: '/api/v1/templates',
    url: () => '/api/v1/templates',
    body: (t) => ({ whatsappNumberId: t.number, name: 'intruso', category: 'UTILITY', body: 'x {{1}}', unsubscribeButton: true }),
    scope: 'town',
    writes: true,
    targetsRecord: true,
  },
  { method: 'patch', path: '/api/v1/templates/{id}', url: (b) => `/api/v1/templates/${b.template}`, body: { status: 'APPROVED' }, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/feeds', url: () => '/api/v1/feeds', scope: 'town', writes: false },
  {
    method: 'post',
    path: '/api/v1/feeds',
    url: () => '/api/v1/feeds',
    body: { name: 'Intruso', url: 'https://example.org/intruso.xml', mode: 'auto' },
    scope: 'town',
    writes: true,
  },
  { method: 'get', path: '/api/v1/feeds/{id}', url: (b) => `/api/v1/feeds/${b.feed}`, scope: 'town', writes: false },
  { method: 'patch', path: '/api/v1/feeds/{id}', url: (b) => `/api/v1/feeds/${b.feed}`, body: { name: 'Preso' }, scope: 'town', writes: true },
  { method: 'delete', path: '/api/v1/feeds/{id}', url: (b) => `/api/v1/feeds/${b.feed}`, scope: 'town', writes: true },
  { method: 'post', path: '/api/v1/feeds/{id}/poll', url: (b) => `/api/v1/feeds/${b.feed}/poll`, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/settings/sending', url: () => '/api/v1/settings/sending', scope: 'town', writes: false },
  { method: 'patch', path: '/api/v1/settings/sending', url: () => '/api/v1/settings/sending', body: { requireApproval: true }, scope: 'town', writes: true },
  {
    method: 'get',
    path: '/api/v1/subscribers/lookup',
    url: (b) => `/api/v1/subscribers/lookup?phone=${encodeURIComponent(PHONES[b.comune])}`,
    scope: 'town',
    writes: false,
    targetsRecord: true,
  },
  { method: 'get', path: '/api/v1/subscribers/stats', url: () => '/api/v1/subscribers/stats', scope: 'town', writes: false },
  { method: 'get', path: '/api/v1/subscribers/{id}', url: (b) => `/api/v1/subscribers/${b.subscriber}`, scope: 'town', writes: false },
  { method: 'get', path: '/api/v1/subscribers/{id}/export', url: (b) => `/api/v1/subscribers/${b.subscriber}/export`, scope: 'town', writes: false, adminOnly: true },
  { method: 'delete', path: '/api/v1/subscribers/{id}', url: (b) => `/api/v1/subscribers/${b.subscriber}`, scope: 'town', writes: true },
  { method: 'get', path: '/api/v1/settings/service', url: () => '/api/v1/settings/service', scope: 'town', writes: false },
  { method: 'patch', path: '/api/v1/settings/service', url: () => '/api/v1/settings/service', body: { autoReplyIntervalMinutes: 5 }, scope: 'town', writes: true },
  {
    method: 'put',
    path: '/api/v1/settings/keyword-set',
    url: () => '/api/v1/settings/keyword-set',
    body: { rules: [{ id: 's', action: 'subscribe', phrases: ['VIA'] }], stopWords: [] },
    scope: 'town',
    writes: true,
  },
  { method: 'post', path: '/api/v1/settings/keyword-set/preset', url: () => '/api/v1/settings/keyword-set/preset', body: { preset: 'bientina' }, scope: 'town', writes: true },
  { method: 'post', path: '/api/v1/settings/keyword-set/try', url: () => '/api/v1/settings/keyword-set/try', body: { text: 'ATTIVA' }, scope: 'town', writes: false },
  { method: 'get', path: '/api/v1/settings/privacy-notices', url: () => '/api/v1/settings/privacy-notices', scope: 'town', writes: false },
  {
    method: 'post',
    path: '/api/v1/settings/privacy-notices',
    url: () => '/api/v1/settings/privacy-notices',
    body: { title: 'Nuova', url: 'https://example.org/p' },
    scope: 'town',
    writes: true,
  },
  {
    method: 'get',
    path: '/api/v1/platform/comuni/{comuneId}/settings/service',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/settings/service`,
    scope: 'platform',
    writes: false,
  },
  {
    method: 'patch',
    path: '/api/v1/platform/comuni/{comuneId}/settings/service',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/settings/service`,
    body: { eraseOnUnsubscribe: true },
    scope: 'platform',
    writes: true,
  },
  {
    method: 'post',
    path: '/api/v1/platform/comuni/{comuneId}/settings/keyword-set/preset',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/settings/keyword-set/preset`,
    body: { preset: 'rozzano' },
    scope: 'platform',
    writes: true,
  },
  {
    method: 'post',
    path: '/api/v1/platform/comuni/{comuneId}/settings/privacy-notices',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/settings/privacy-notices`,
    body: { title: 'Intrusa', url: 'https://example.org/p' },
    scope: 'platform',
    writes: true,
  },
  {
    method: 'get',
    path: '/api/v1/platform/comuni/{comuneId}/settings/privacy-notices',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/settings/privacy-notices`,
    scope: 'platform',
    writes: false,
  },
  { method: 'get', path: '/api/v1/platform/health', url: () => '/api/v1/platform/health', scope: 'platform', writes: false },
  {
    method: 'get',
    path: '/api/v1/platform/comuni/{id}/health',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/health`,
    scope: 'platform',
    writes: false,
  },
  {
    method: 'get',
    path: '/api/v1/platform/comuni/{comuneId}/numbers',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/numbers`,
    scope: 'platform',
    writes: false,
  },
  {
    method: 'post',
    path: '/api/v1/platform/comuni/{comuneId}/numbers',
    url: (b) => `/api/v1/platform/comuni/${b.comune}/numbers`,
    body: { phoneNumberId: '123', displayPhoneNumber: '+39 02 123456', wabaId: '1', accessToken: 'x'.repeat(20), appSecret: 'y'.repeat(20), webhookVerifyToken: 'z'.repeat(20) },
    scope: 'platform',
    writes: true,
  },
  {
    method: 'patch',
    path: '/api/v1/platform/numbers/{id}',
    url: (b) => `/api/v1/platform/numbers/${b.number}`,
    body: { mps: 10 },
    scope: 'platform',
    writes: true,
  },
  { method: 'get', path: '/api/v1/platform/audit', url: () => '/api/v1/platform/audit', scope: 'platform', writes: false },
  { method: 'post', path: '/api/v1/auth/login', url: () => '/api/v1/auth/login', scope: 'public', writes: true },
  { method: 'post', path: '/api/v1/auth/refresh', url: () => '/api/v1/auth/refresh', scope: 'public', writes: true },
  { method: 'post', path: '/api/v1/auth/logout', url: () => '/api/v1/auth/logout', scope: 'signed-in', writes: true },
  { method: 'get', path: '/api/v1/auth/me', url: () => '/api/v1/auth/me', scope: 'signed-in', writes: false },
];

/**
 * Routes outside the staff API, each with the reason it has no comune to cross: every other route of
 * the router must be in ROUTES.
 */
const OUTSIDE: Record<string, string> = {
  'GET /health/live': 'liveness probe, no data',
  'GET /health/ready': 'readiness probe, no data',
  'GET /metrics': 'Prometheus metrics, behind METRICS_TOKEN, no records',
  'GET /webhooks/whatsapp': "Meta's subscription handshake, answered per number's verify token",
  'POST /webhooks/whatsapp': "Meta's signed events, routed to a comune by the number (webhook.int-spec)",
  'GET /privacy/{slug}': "a comune's public privacy notice, for citizens",
};
const isDocs = (route: string) => / \/api\/docs/.test(route);

/** Every route the Express router serves, as `METHOD /path/{param}`. */
function routerRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`)
      : [],
  );
}

const TOWN = ROUTES.filter((r) => r.scope === 'town');
const PLATFORM = ROUTES.filter((r) => r.scope === 'platform');
const label = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

describe('isolation matrix', () => {
  let h: ApiHarness;
  let a: Ids;
  let b: Ids;
  /** A suspended comune, whose admin signed in before the suspension. */
  let c: Ids;
  const tokens: Record<string, string> = {};

  /**
   * Everything the database holds, every comune and every tenant table (found in the catalog), read
   * as the provider: "changes nothing" means no row anywhere was written.
   */
  const snapshot = () =>
    h.app.get(TenantDb).asPlatform('test.snapshot', async (em) => {
      const tables: { name: string }[] = await em.query(TENANT_TABLES_SQL);
      const out: Record<string, string[]> = {};
      for (const table of ['comuni', ...tables.map((t) => t.name)]) {
        out[table] = (await em.query(`select t::text as row from ${table} t order by 1`)).map((r: { row: string }) => r.row);
      }
      return JSON.stringify(out);
    });

  const makeSubscriber = (tenantId: string) =>
    h.app.get(TenantDb).inTenant(tenantId, async (em) => {
      PHONES[tenantId] = `+39333000000${Object.keys(PHONES).length + 1}`;
      const codec = citizenPhoneCodec(h.app.get(SecretBox), h.app.get(BlindIndex), tenantId);
      const [row] = await em.query(
        `insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, $2, $3, 'active', now()) returning id`,
        [tenantId, codec.hash(PHONES[tenantId]), codec.seal(PHONES[tenantId])],
      );
      return row.id as string;
    });

  const recordsOf = async (comune: string, user: string): Promise<Ids> => {
    const number = (await makeNumber(h, comune)).id;
    const system = { userId: null, role: 'system' as const, tenantId: comune };
    const template = (
      await h.app.get(TemplatesService).register(system, comune, { whatsappNumberId: number, name: 'avviso', category: 'UTILITY', body: 'Avviso: {{1}}', unsubscribeButton: true })
    ).id;
    const broadcast = (await h.app.get(BroadcastsService).create(system, comune, { title: 'Notizia', body: 'Testo' })).id;
    const feed = (await h.app.get(FeedsService).create(system, comune, { name: 'Notizie', url: `https://example.org/${comune}.xml`, mode: 'review' })).id;
    return { comune, user, number, subscriber: await makeSubscriber(comune), broadcast, template, feed };
  };

  const bodyOf = (r: Route, target: Ids) => (typeof r.body === 'function' ? r.body(target) : r.body);

  const call = (r: Route, token: string | undefined, target: Ids) => {
    const req = h.http()[r.method](r.url(target));
    if (token) req.set('Authorization', `Bearer ${token}`);
    const body = bodyOf(r, target);
    return body ? req.send(body) : req;
  };

  beforeAll(async () => {
    // A pool of two connections: the concurrency test below queues many requests on it.
    h = await startApi({ DATABASE_POOL_SIZE: '2' });
    const ca = await makeComune(h);
    const cb = await makeComune(h);
    const cc = await makeComune(h);
    const adminA = await makeStaff(h, ca.id, 'admin');
    const adminB = await makeStaff(h, cb.id, 'admin');
    const adminC = await makeStaff(h, cc.id, 'admin');
    a = await recordsOf(ca.id, adminA.id);
    b = await recordsOf(cb.id, adminB.id);
    c = await recordsOf(cc.id, adminC.id);
    // Settings and a notice exist for B, so that "changes nothing" covers them too.
    await h.app.get(ServiceSettingsService).get(cb.id);
    await h.app.get(PrivacyNoticesService).publish({ userId: null, role: 'system', tenantId: null }, cb.id, { title: 'B', url: 'https://example.org/b' });
    tokens.admin = adminA.token;
    for (const role of ['editor', 'sender', 'viewer'] as const) tokens[role] = (await makeStaff(h, ca.id, role)).token;
    tokens.platform = (await makeStaff(h, null, 'platform_admin')).token;
    tokens.suspended = adminC.token;
    tokens.refreshB = adminB.refreshToken;
    await h.http().post(`/api/v1/platform/comuni/${cc.id}/suspend`).set('Authorization', `Bearer ${tokens.platform}`).send({ reason: 'prova' }).expect(200);
  });
  afterAll(() => h.close());

  it("covers every route of the application's router, and the API documents exactly those", async () => {
    const served = routerRoutes(h.app.getHttpAdapter().getInstance()).filter((r) => !isDocs(r));
    expect(served.filter((r) => !OUTSIDE[r]).sort()).toEqual(ROUTES.map(label).sort());
    expect(Object.keys(OUTSIDE).filter((r) => !served.includes(r))).toEqual([]);

    const doc = (await h.http().get('/api/docs/openapi.json').expect(200)).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/v1'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(ROUTES.map(label).sort());
  });

  it.each(
    ['admin', 'editor', 'sender', 'viewer'].flatMap((role) =>
      TOWN.filter((r) => r.path.includes('{') || r.targetsRecord).map((r) => [role, label(r), r]),
    ),
  )("comune A's %s asking for B's record with %s gets 404 (or 403 where the role may not) and changes nothing", async (role, _, r) => {
    const before = await snapshot();
    const res = await call(r as Route, tokens[role as string], b);
    // The admin may use every town route, so for it the only answer is the 404 of isolation.
    const allowed = role === 'admin' ? [[404, 'NOT_FOUND']] : [[404, 'NOT_FOUND'], [403, 'FORBIDDEN']];
    expect(allowed).toContainEqual([res.status, res.body.code]);
    expect(await snapshot()).toBe(before);
  });

  it.each(TOWN.filter((r) => !r.writes && !r.stream).map((r) => [label(r), r]))("%s: A's admin sees nothing of B", async (_, r) => {
    const res = await call(r as Route, tokens.admin, a);
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(b.comune);
    expect(text).not.toContain(b.user);
    expect(text).not.toContain(b.number);
    expect(text).not.toContain(b.subscriber);
    expect(text).not.toContain(b.broadcast);
    expect(text).not.toContain(b.template);
    expect(text).not.toContain(b.feed);
  });

  it.each(TOWN.filter((r) => r.writes || r.adminOnly).map((r) => [label(r), r]))('%s: a viewer cannot write or export', async (_, r) => {
    const before = await snapshot();
    const res = await call(r as Route, tokens.viewer, a);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(await snapshot()).toBe(before);
  });

  it.each(TOWN.map((r) => [label(r), r]))('%s: the admin of a suspended comune cannot act, and changes nothing', async (_, r) => {
    const before = await snapshot();
    const res = await call(r as Route, tokens.suspended, c);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('TENANT_SUSPENDED');
    expect(await snapshot()).toBe(before);
  });

  it.each(['admin', 'editor', 'sender', 'viewer'].flatMap((role) => PLATFORM.map((r) => [role, label(r), r])))(
    'a town %s cannot reach %s',
    async (role, _, r) => {
      const before = await snapshot();
      const res = await call(r as Route, tokens[role as string], b);
      expect(res.status).toBe(403);
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(TOWN.map((r) => [label(r), r]))('%s: provider staff cannot use a town route (they have no comune)', async (_, r) => {
    const res = await call(r as Route, tokens.platform, b);
    expect(res.status).toBe(403);
  });

  it.each([...TOWN, ...PLATFORM].map((r) => [label(r), r]))('%s: no token, 401', async (_, r) => {
    const res = await call(r as Route, undefined, b);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  /** Whose token may use a route: town routes as comune A's admin, provider routes as the provider. */
  const entitled = (r: Route) => (r.scope === 'platform' ? tokens.platform : tokens.admin);

  it.each([...TOWN, ...PLATFORM].filter((r) => r.writes).map((r) => [label(r), r]))(
    '%s: a tampered or an expired access token is a 401, and changes nothing',
    async (_, r) => {
      const [head, payload, signature] = tokens.admin.split('.');
      // Each keeps the admin's open session, so only the signature, or only the expiry, is at fault.
      const own = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const claims = { ...own, tid: null, role: 'platform_admin' };
      const tampered = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      const expired = new JwtService().sign({ ...own, exp: Math.floor(Date.now() / 1000) - 5 }, { secret: h.env.settings.JWT_SECRET });
      const before = await snapshot();
      for (const token of [tampered, expired]) {
        const res = await call(r as Route, token, a);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
      }
      expect(await snapshot()).toBe(before);
    },
  );

  it.each([...TOWN, ...PLATFORM].filter((r) => r.body).map((r) => [label(r), r]))(
    '%s: an unknown field, malformed JSON or a field of the wrong type is a 400 naming the fault, and changes nothing',
    async (_, r) => {
      const route = r as Route;
      const before = await snapshot();
      const send = (body: string | object) =>
        h.http()[route.method](route.url(a)).set('Authorization', `Bearer ${entitled(route)}`).set('Content-Type', 'application/json').send(body);
      // Only the named field is at fault: this also proves the rest of the body valid, so each
      // refusal below is for its own fault.
      const faults = (res: { body: { details?: { field: string }[] } }) => [...new Set((res.body.details ?? []).map((d) => d.field.split('.')[0]))];
      const unknown = await send({ ...bodyOf(route, a), tenantId: b.comune });
      expect({ status: unknown.status, code: unknown.body.code, fields: faults(unknown) }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['tenantId'] });
      const malformed = await send('{"oops": ');
      expect({ status: malformed.status, code: malformed.body.code }).toEqual({ status: 400, code: 'MALFORMED_JSON' });
      // Each field in turn given a value of the wrong type (an object where none is expected).
      for (const field of Object.keys(bodyOf(route, a) ?? {})) {
        const wrong = await send({ ...bodyOf(route, a), [field]: { $ne: 1 } });
        expect({ status: wrong.status, code: wrong.body.code, fields: faults(wrong) }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: [field] });
      }
      expect(await snapshot()).toBe(before);
    },
  );

  it("never shows a comune another's rows, under many concurrent requests of both on a pool of two connections", async () => {
    await h.app.listen(0, '127.0.0.1');
    // Each read, and the record of the asking comune it must show.
    const reads: [string, keyof Ids][] = [
      ['/api/v1/comune', 'comune'],
      ['/api/v1/users', 'user'],
      ['/api/v1/broadcasts', 'broadcast'],
      ['/api/v1/feeds', 'feed'],
      ['/api/v1/numbers', 'number'],
      ['/api/v1/subscribers', 'subscriber'],
    ];
    const adminB = (await h.http().post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshB }).expect(200)).body.accessToken;
    const mixedUp: string[] = [];
    await Promise.all(
      Array.from({ length: 240 }, async (_, i) => {
        const [own, other, token] = i % 2 ? [a, b, tokens.admin] : [b, a, adminB];
        const [path, record] = reads[i % reads.length];
        const res = await h.http().get(path).set('Authorization', `Bearer ${token}`);
        const text = JSON.stringify(res.body);
        const foreign = Object.values(other).some((id) => text.includes(id));
        if (res.status !== 200 || foreign || !text.includes(own[record])) mixedUp.push(`${i} ${path} ${res.status}`);
      }),
    );
    expect(mixedUp).toEqual([]);
  });

  it('the queue dashboard (mounted outside the router) stays closed to a town admin', async () => {
    const res = await h.http().get('/ops/queues/').set('Authorization', `Bearer ${tokens.admin}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
  });

  it("the provider does reach B's records (the 404s above are isolation, not missing data)", async () => {
    const res = await h.http().get(`/api/v1/platform/comuni/${b.comune}/users`).set('Authorization', `Bearer ${tokens.platform}`).expect(200);
    expect(res.body.map((u: { id: string }) => u.id)).toContain(b.user);
  });
});
