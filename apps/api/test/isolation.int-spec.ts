import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { PrivacyNoticesService, ServiceSettingsService } from '@bacheca/subscriptions';
import { BroadcastsService, TemplatesService } from '@bacheca/broadcasts';
import { FeedsService } from '@bacheca/feeds';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';
import { makeNumber } from './numbers-helper';

/**
 * The isolation matrix. Routes come from the OpenAPI document, so a new endpoint that is not
 * listed here fails the coverage test and must be given its cross-comune expectations.
 */
type Ids = { comune: string; user: string; number: string; subscriber: string; broadcast: string; template: string; feed: string };
interface Route {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  /** Concrete path aimed at comune B's records. */
  url: (b: Ids) => string;
  body?: Record<string, unknown>;
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
    body: { whatsappNumberId: '00000000-0000-4000-8000-000000000000', name: 'x', category: 'UTILITY', body: 'x {{1}}', unsubscribeButton: true },
    scope: 'town',
    writes: true,
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

const TOWN = ROUTES.filter((r) => r.scope === 'town');
const PLATFORM = ROUTES.filter((r) => r.scope === 'platform');
const label = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

describe('isolation matrix', () => {
  let h: ApiHarness;
  let a: Ids;
  let b: Ids;
  const tokens: Record<string, string> = {};

  /** Everything the database holds about comune B, read as the provider. */
  const snapshotB = () =>
    h.app.get(TenantDb).asPlatform('test.snapshot', async (em) => {
      const comune = await em.query('select * from comuni where id = $1', [b.comune]);
      const users = await em.query('select * from staff_users where tenant_id = $1 order by id', [b.comune]);
      const numbers = await em.query('select * from whatsapp_numbers where tenant_id = $1 order by id', [b.comune]);
      const subscribers = await em.query('select * from subscribers where tenant_id = $1 order by id', [b.comune]);
      const settings = await em.query('select * from service_settings where tenant_id = $1', [b.comune]);
      const notices = await em.query('select * from privacy_notices where tenant_id = $1 order by version', [b.comune]);
      const broadcasts = await em.query('select * from broadcasts where tenant_id = $1 order by id', [b.comune]);
      const templates = await em.query('select * from whatsapp_templates where tenant_id = $1 order by id', [b.comune]);
      const deliveries = await em.query('select * from deliveries where tenant_id = $1 order by id', [b.comune]);
      const feeds = await em.query('select * from feeds where tenant_id = $1 order by id', [b.comune]);
      const feedItems = await em.query('select * from feed_items where tenant_id = $1 order by id', [b.comune]);
      return JSON.stringify({ comune, users, numbers, subscribers, settings, notices, broadcasts, templates, deliveries, feeds, feedItems });
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

  const call = (r: Route, token: string | undefined, target: Ids) => {
    const req = h.http()[r.method](r.url(target));
    if (token) req.set('Authorization', `Bearer ${token}`);
    return r.body ? req.send(r.body) : req;
  };

  beforeAll(async () => {
    h = await startApi();
    const ca = await makeComune(h);
    const cb = await makeComune(h);
    const adminA = await makeStaff(h, ca.id, 'admin');
    const adminB = await makeStaff(h, cb.id, 'admin');
    a = await recordsOf(ca.id, adminA.id);
    b = await recordsOf(cb.id, adminB.id);
    // Settings and a notice exist for B, so that "changes nothing" covers them too.
    await h.app.get(ServiceSettingsService).get(cb.id);
    await h.app.get(PrivacyNoticesService).publish({ userId: null, role: 'system', tenantId: null }, cb.id, { title: 'B', url: 'https://example.org/b' });
    tokens.admin = adminA.token;
    for (const role of ['editor', 'sender', 'viewer'] as const) tokens[role] = (await makeStaff(h, ca.id, role)).token;
    tokens.platform = (await makeStaff(h, null, 'platform_admin')).token;
  });
  afterAll(() => h.close());

  it('covers every route of the API', async () => {
    const doc = (await h.http().get('/api/docs/openapi.json').expect(200)).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/v1'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(ROUTES.map(label).sort());
  });

  it.each(TOWN.filter((r) => r.path.includes('{') || r.targetsRecord).map((r) => [label(r), r]))(
    "%s: comune A's admin asking for B's record gets 404 and changes nothing",
    async (_, r) => {
      const before = await snapshotB();
      const res = await call(r as Route, tokens.admin, b);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(await snapshotB()).toBe(before);
    },
  );

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
    const before = await snapshotB();
    const res = await call(r as Route, tokens.viewer, a);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(await snapshotB()).toBe(before);
  });

  it.each(['admin', 'editor', 'sender', 'viewer'].flatMap((role) => PLATFORM.map((r) => [role, label(r), r])))(
    'a town %s cannot reach %s',
    async (role, _, r) => {
      const before = await snapshotB();
      const res = await call(r as Route, tokens[role as string], b);
      expect(res.status).toBe(403);
      expect(await snapshotB()).toBe(before);
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

  it("the provider does reach B's records (the 404s above are isolation, not missing data)", async () => {
    const res = await h.http().get(`/api/v1/platform/comuni/${b.comune}/users`).set('Authorization', `Bearer ${tokens.platform}`).expect(200);
    expect(res.body.map((u: { id: string }) => u.id)).toContain(b.user);
  });
});
