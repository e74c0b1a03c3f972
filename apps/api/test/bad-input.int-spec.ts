import { TenantDb } from '@bacheca/database';
import { ApiHarness, makeStaff, startApi } from './harness';

/** Every bad request gets a clear 4xx in the one error shape, and changes nothing. */
describe('bad input at the HTTP edge', () => {
  let h: ApiHarness;
  let provider: string;

  beforeAll(async () => {
    h = await startApi();
    provider = (await makeStaff(h, null, 'platform_admin')).token;
  });
  afterAll(() => h.close());

  const countComuni = () =>
    h.app.get(TenantDb).asPlatform('test', async (em) => Number((await em.query('select count(*) as n from comuni'))[0].n));
  const valid = { slug: 'saronno', name: 'Saronno', istatCode: '012119', province: 'VA' };
  const post = (body: string | object, type = 'application/json') =>
    h.http().post('/api/v1/platform/comuni').set('Authorization', `Bearer ${provider}`).set('Content-Type', type).send(body);

  const expectError = (res: { status: number; body: Record<string, unknown> }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
    expect(res.body.requestId).toEqual(expect.any(String));
  };

  it.each([
    ['malformed JSON', '{"slug": "x",', 400, 'MALFORMED_JSON'],
    ['a JSON string instead of an object', '"just a string"', 400, 'MALFORMED_JSON'],
    ['an empty body', '', 400, 'VALIDATION_FAILED'],
    ['an unknown field', { ...valid, mayor: 'Augusto Airoldi' }, 400, 'VALIDATION_FAILED'],
    ['a wrong type', { ...valid, name: 42 }, 400, 'VALIDATION_FAILED'],
    ['an array', [valid], 400, 'VALIDATION_FAILED'],
    ['a bad ISTAT code', { ...valid, istatCode: '12119' }, 400, 'VALIDATION_FAILED'],
    ['a bad province', { ...valid, province: 'Varese' }, 400, 'VALIDATION_FAILED'],
    ['an unknown timezone', { ...valid, timezone: 'Europe/Atlantis' }, 400, 'VALIDATION_FAILED'],
    ['status suspended at creation', { ...valid, status: 'suspended' }, 400, 'VALIDATION_FAILED'],
    ['an oversized body', { ...valid, name: 'x'.repeat(200_000) }, 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s → clear error, nothing stored', async (_, body, status, code) => {
    const before = await countComuni();
    const res = await post(body as string | object);
    expectError(res, status as number, code as string);
    expect(await countComuni()).toBe(before);
  });

  it.each([
    ['login, an unknown field', '/api/v1/auth/login', { email: 'a@example.org', password: 'x', tenantId: null }],
    ['login, a wrong type', '/api/v1/auth/login', { email: 'a@example.org', password: 12345 }],
    ['login, malformed JSON', '/api/v1/auth/login', '{"email": "a@example.org", '],
    ['refresh, an unknown field', '/api/v1/auth/refresh', { refreshToken: 'x', familyId: 'y' }],
    ['refresh, a wrong type', '/api/v1/auth/refresh', { refreshToken: ['x'] }],
  ])('%s → 400, nothing written (not even a failed login)', async (_, path, body) => {
    const rows = () =>
      h.app.get(TenantDb).asPlatform('test', async (em) => ({
        audit: Number((await em.query('select count(*) as n from audit_log'))[0].n),
        tokens: Number((await em.query('select count(*) as n from refresh_tokens'))[0].n),
      }));
    const before = await rows();
    const res = await h.http().post(path).set('Content-Type', 'application/json').send(body as string | object);
    expect(res.status).toBe(400);
    expect(['VALIDATION_FAILED', 'MALFORMED_JSON']).toContain(res.body.code);
    expect(await rows()).toEqual(before);
  });

  it('a __proto__ key pollutes nothing and sets nothing', async () => {
    const body = `{"slug":"proto","name":"Proto","istatCode":"999998","province":"MI","__proto__":{"status":"active"}}`;
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('onboarding');
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it('names the offending fields', async () => {
    const res = await post({ ...valid, istatCode: 'abc', extra: 1 });
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['extra', 'istatCode']);
  });

  it('an id that is not a uuid is a 400, not a 500', async () => {
    const res = await h.http().get('/api/v1/platform/comuni/not-a-uuid').set('Authorization', `Bearer ${provider}`);
    expectError(res, 400, 'BAD_REQUEST');
  });

  it('an unknown route is a 404 in the same shape', async () => {
    expectError(await h.http().get('/api/v1/nowhere'), 404, 'NOT_FOUND');
  });

  it('a query parameter of the wrong type is refused', async () => {
    const res = await h.http().get('/api/v1/platform/audit?limit=lots').set('Authorization', `Bearer ${provider}`);
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('the valid request still works (the cases above are refused for their fault alone)', async () => {
    const before = await countComuni();
    const res = await post(valid);
    expect(res.status).toBe(201);
    expect(await countComuni()).toBe(before + 1);
  });
});
