import { TenantDb } from '@bacheca/database';
import { ApiHarness, makeComune, makeStaff, PASSWORD, startApi } from './harness';

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

describe('provider onboarding and town user management', () => {
  let h: ApiHarness;
  let provider: string;

  beforeAll(async () => {
    h = await startApi();
    provider = (await makeStaff(h, null, 'platform_admin')).token;
  });
  afterAll(() => h.close());

  const audit = (targetId: string) =>
    h.app.get(TenantDb).asPlatform('test', (em) => em.query('select * from audit_log where target_id = $1 order by id', [targetId]));

  it('onboards a comune end to end: create, first admin, contacts, go live, suspend, reactivate; all audited', async () => {
    const created = await h
      .http()
      .post('/api/v1/platform/comuni')
      .set(bearer(provider))
      .send({ slug: 'bientina', name: 'Bientina', istatCode: '050001', province: 'PI', contactPhone: '0587 758456' })
      .expect(201);
    expect(created.body).toMatchObject({ slug: 'bientina', status: 'onboarding', timezone: 'Europe/Rome', contactPhone: '0587 758456' });
    const id = created.body.id;

    const admin = await h
      .http()
      .post(`/api/v1/platform/comuni/${id}/users`)
      .set(bearer(provider))
      .send({ email: 'Sindaco@Comune.Bientina.pi.it', fullName: 'Dario Carmassi' })
      .expect(201);
    expect(admin.body).toMatchObject({ role: 'admin', tenantId: id, email: 'sindaco@comune.bientina.pi.it' });
    expect(admin.body.temporaryPassword).toHaveLength(16);
    const login = await h
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'sindaco@comune.bientina.pi.it', password: admin.body.temporaryPassword })
      .expect(200);

    const own = await h.http().patch('/api/v1/comune').set(bearer(login.body.accessToken)).send({ contactEmail: 'urp@comune.bientina.pi.it' }).expect(200);
    expect(own.body.contactEmail).toBe('urp@comune.bientina.pi.it');

    const live = await h.http().patch(`/api/v1/platform/comuni/${id}`).set(bearer(provider)).send({ status: 'active' }).expect(200);
    // A PATCH changes what it names and nothing else.
    expect(live.body).toMatchObject({ status: 'active', name: 'Bientina', contactEmail: 'urp@comune.bientina.pi.it', contactPhone: '0587 758456' });
    await h.http().post(`/api/v1/platform/comuni/${id}/suspend`).set(bearer(provider)).send({ reason: 'Prova' }).expect(200);
    const again = await h.http().post(`/api/v1/platform/comuni/${id}/suspend`).set(bearer(provider)).send({ reason: 'Prova' }).expect(409);
    expect(again.body.code).toBe('ALREADY_SUSPENDED');
    const back = await h.http().post(`/api/v1/platform/comuni/${id}/reactivate`).set(bearer(provider)).expect(200);
    expect(back.body.status).toBe('active');

    // Each entry names the provider-wide scope it was written in; the town's own change has none.
    const actions = (await audit(id)).map((e: { action: string; purpose: string | null }) => [e.action, e.purpose]);
    expect(actions).toEqual([
      ['comune.create', 'comuni.create'],
      ['comune.contacts.update', null],
      ['comune.update', 'comuni.update'],
      ['comune.suspend', 'comuni.suspend'],
      ['comune.reactivate', 'comuni.reactivate'],
    ]);
    const listed = await h.http().get('/api/v1/platform/audit?limit=500').set(bearer(provider)).expect(200);
    expect(listed.body.find((e: { action: string; targetId: string }) => e.action === 'comune.create' && e.targetId === id).purpose).toBe('comuni.create');
    const userActions = (await audit(admin.body.id)).map((e: { action: string }) => e.action);
    expect(userActions).toEqual(['staff_user.create', 'auth.login']);
  });

  it('the provider lists and reads comuni; unknown ids are 404', async () => {
    const c = await makeComune(h);
    const list = await h.http().get('/api/v1/platform/comuni').set(bearer(provider)).expect(200);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(c.id);
    await h.http().get(`/api/v1/platform/comuni/${c.id}`).set(bearer(provider)).expect(200);
    const missing = await h.http().get('/api/v1/platform/comuni/00000000-0000-4000-8000-000000000000').set(bearer(provider)).expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    await h.http().post('/api/v1/platform/comuni/00000000-0000-4000-8000-000000000000/users').set(bearer(provider))
      .send({ email: 'x@example.org', fullName: 'Nessuno' }).expect(404);
  });

  it.each([
    ['slug', { slug: 'dup', istatCode: '111111' }, { slug: 'dup', istatCode: '111112' }, 'SLUG_TAKEN'],
    ['ISTAT code', { slug: 'dup-a', istatCode: '222222' }, { slug: 'dup-b', istatCode: '222222' }, 'ISTAT_CODE_TAKEN'],
  ])('refuses a duplicate %s with 409', async (_, first, second, code) => {
    const base = { name: 'Doppione', province: 'MI' };
    await h.http().post('/api/v1/platform/comuni').set(bearer(provider)).send({ ...base, ...first }).expect(201);
    const res = await h.http().post('/api/v1/platform/comuni').set(bearer(provider)).send({ ...base, ...second }).expect(409);
    expect(res.body.code).toBe(code);
  });

  it('a town admin creates, lists, changes and deactivates users; e-mails are unique across comuni', async () => {
    const c = await makeComune(h);
    const admin = await makeStaff(h, c.id, 'admin');
    const created = await h
      .http()
      .post('/api/v1/users')
      .set(bearer(admin.token))
      .send({ email: 'redazione@example.org', fullName: 'Redazione', role: 'editor', password: 'una-password-lunga' })
      .expect(201);
    expect(created.body.temporaryPassword).toBeUndefined();
    const list = await h.http().get('/api/v1/users').set(bearer(admin.token)).expect(200);
    expect(list.body.map((u: { email: string }) => u.email).sort()).toEqual([admin.email, 'redazione@example.org'].sort());
    const changed = await h.http().patch(`/api/v1/users/${created.body.id}`).set(bearer(admin.token)).send({ role: 'sender' }).expect(200);
    expect(changed.body.role).toBe('sender');

    const other = await makeComune(h);
    const otherAdmin = await makeStaff(h, other.id, 'admin');
    const dup = await h
      .http()
      .post('/api/v1/users')
      .set(bearer(otherAdmin.token))
      .send({ email: 'REDAZIONE@example.org', fullName: 'Copia', role: 'viewer', password: 'una-password-lunga' })
      .expect(409);
    expect(dup.body.code).toBe('EMAIL_TAKEN');

    const self = await h.http().patch(`/api/v1/users/${admin.id}`).set(bearer(admin.token)).send({ active: false }).expect(409);
    expect(self.body.code).toBe('CANNOT_CHANGE_SELF');
    await h.http().post('/api/v1/auth/login').send({ email: 'redazione@example.org', password: 'una-password-lunga' }).expect(200);
  });

  it.each(['editor', 'sender', 'viewer'] as const)('a town %s cannot manage users', async (role) => {
    const c = await makeComune(h);
    const u = await makeStaff(h, c.id, role);
    await h.http().get('/api/v1/users').set(bearer(u.token)).expect(403);
    await h.http().post('/api/v1/users').set(bearer(u.token)).send({ email: 'a@b.it', fullName: 'AB', role: 'admin', password: PASSWORD }).expect(403);
  });

  it('a town admin cannot give anyone the provider role, neither creating nor changing a user', async () => {
    const c = await makeComune(h);
    const admin = await makeStaff(h, c.id, 'admin');
    const editor = await makeStaff(h, c.id, 'editor');
    const roles = () => h.app.get(TenantDb).asPlatform('test', (em) => em.query('select id, role from staff_users where tenant_id = $1 order by id', [c.id]));
    const before = await roles();
    const created = await h
      .http()
      .post('/api/v1/users')
      .set(bearer(admin.token))
      .send({ email: 'scalata@example.org', fullName: 'Scalata', role: 'platform_admin', password: 'una-password-lunga' })
      .expect(400);
    expect(created.body.code).toBe('VALIDATION_FAILED');
    const changed = await h.http().patch(`/api/v1/users/${editor.id}`).set(bearer(admin.token)).send({ role: 'platform_admin' }).expect(400);
    expect(changed.body.code).toBe('VALIDATION_FAILED');
    expect(await roles()).toEqual(before);
  });

  it('a town admin reads its own audit log and nothing of other comuni', async () => {
    const a = await makeComune(h);
    const b = await makeComune(h);
    const adminA = await makeStaff(h, a.id, 'admin');
    await makeStaff(h, b.id, 'admin');
    const res = await h.http().get('/api/v1/audit?limit=100').set(bearer(adminA.token)).expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((e: { tenantId: string }) => e.tenantId === a.id)).toBe(true);
    await h.http().get('/api/v1/audit?limit=100000').set(bearer(adminA.token)).expect(400);
    const all = await h.http().get('/api/v1/platform/audit?limit=500').set(bearer(provider)).expect(200);
    expect(all.body.some((e: { tenantId: string }) => e.tenantId === b.id)).toBe(true);
  });

  it('publishes OpenAPI at /api/docs generated from the DTOs', async () => {
    const doc = (await h.http().get('/api/docs/openapi.json').expect(200)).body;
    expect(doc.components.schemas.CreateComuneDto.required).toEqual(expect.arrayContaining(['slug', 'name', 'istatCode', 'province']));
    expect(doc.components.schemas.LoginDto.properties.email).toBeDefined();
    const html = await h.http().get('/api/docs').expect(200);
    expect(html.text).toContain('swagger');
  });
});
