import { TenantDb } from '@bacheca/database';
import { DIRECTORY_CACHE_MAX, NumberDirectory } from '@bacheca/numbers';
import { ApiHarness, makeComune, makeStaff, startApi } from './harness';

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

describe('WhatsApp numbers of a comune', () => {
  let h: ApiHarness;
  let provider: string;
  let comuneId: string;
  const secrets = { accessToken: 'EAAG-super-secret-token-123', appSecret: 'app-secret-abcdef', webhookVerifyToken: 'verify-me-please' };

  beforeAll(async () => {
    h = await startApi();
    provider = (await makeStaff(h, null, 'platform_admin')).token;
    comuneId = (await makeComune(h)).id;
  });
  afterAll(() => h.close());

  const register = (body: object) => h.http().post(`/api/v1/platform/comuni/${comuneId}/numbers`).set(bearer(provider)).send(body);
  const rawRow = (id: string) =>
    h.app.get(TenantDb).asPlatform('test', async (em) => (await em.query('select * from whatsapp_numbers where id = $1', [id]))[0]);

  it('registers a number: defaults, secrets sealed at rest and never returned, audited without values', async () => {
    const res = await register({ phoneNumberId: '106540352242922', displayPhoneNumber: '+39 335 652 8217', wabaId: '102290129340398', ...secrets }).expect(201);
    expect(res.body).toMatchObject({ phoneNumberId: '106540352242922', mps: 80, messagingLimitTier: 'TIER_250', sendingStatus: 'active' });
    const text = JSON.stringify(res.body);
    for (const v of Object.values(secrets)) expect(text).not.toContain(v);
    expect(res.body).not.toHaveProperty('accessToken');

    const row = await rawRow(res.body.id);
    for (const v of Object.values(secrets)) expect(JSON.stringify(row)).not.toContain(v);
    for (const col of ['access_token_enc', 'app_secret_enc', 'verify_token_hash']) {
      expect(Buffer.isBuffer(row[col])).toBe(true);
      expect(row[col].toString('latin1')).not.toContain('secret');
    }
    const audit = await h.app.get(TenantDb).asPlatform('test', (em) => em.query(`select details from audit_log where target_id = $1`, [res.body.id]));
    expect(JSON.stringify(audit)).not.toContain(secrets.accessToken);

    const listed = await h.http().get(`/api/v1/platform/comuni/${comuneId}/numbers`).set(bearer(provider)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(secrets.appSecret);
  });

  it('refuses a phone number id already registered (also to another comune)', async () => {
    const other = await makeComune(h);
    const body = { phoneNumberId: '555000111', displayPhoneNumber: '+39 02 555000', wabaId: '7', ...secrets };
    await register(body).expect(201);
    const res = await h.http().post(`/api/v1/platform/comuni/${other.id}/numbers`).set(bearer(provider)).send(body).expect(409);
    expect(res.body.code).toBe('NUMBER_TAKEN');
  });

  it.each([
    ['letters in the phone number id', { phoneNumberId: 'abc' }],
    ['a display number without prefix', { displayPhoneNumber: '3356528217' }],
    ['mps over 1,000', { mps: 5000 }],
    ['an unknown tier', { messagingLimitTier: 'TIER_1M' }],
    ['a short token', { accessToken: 'x' }],
  ])('refuses %s', async (_, bad) => {
    const res = await register({ phoneNumberId: '777000', displayPhoneNumber: '+39 02 777000', wabaId: '7', ...secrets, ...bad }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('rotates credentials: new ones work for the webhook handshake, old ones do not, and a stopped number is re-enabled', async () => {
    const created = await register({ phoneNumberId: '888000', displayPhoneNumber: '+39 02 888000', wabaId: '8', ...secrets }).expect(201);
    await h.app.get(TenantDb).asPlatform('test', (em) =>
      em.query(`update whatsapp_numbers set sending_status = 'stopped', sending_stopped_reason = 'token scaduto' where id = $1`, [created.body.id]),
    );
    const before = await rawRow(created.body.id);
    const rotated = await h
      .http()
      .patch(`/api/v1/platform/numbers/${created.body.id}`)
      .set(bearer(provider))
      .send({ accessToken: 'EAAG-brand-new-token-456', webhookVerifyToken: 'new-verify-token', mps: 40 })
      .expect(200);
    expect(rotated.body).toMatchObject({ mps: 40, sendingStatus: 'active', sendingStoppedReason: null });
    const after = await rawRow(created.body.id);
    expect(after.access_token_enc.equals(before.access_token_enc)).toBe(false);
    expect(after.app_secret_enc.equals(before.app_secret_enc)).toBe(true);
    const handshake = (token: string) =>
      h.http().get('/webhooks/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': 'c' });
    await handshake('new-verify-token').expect(200);
  });

  it('town staff see their numbers without secrets', async () => {
    const viewer = await makeStaff(h, comuneId, 'viewer');
    const res = await h.http().get('/api/v1/numbers').set(bearer(viewer.token)).expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((n: { tenantId: string }) => n.tenantId === comuneId)).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(secrets.accessToken);
  });
  it('the webhook directory stays bounded when flooded with made-up phone number ids, and still finds real numbers', async () => {
    const body = { phoneNumberId: '777000111222', displayPhoneNumber: '+39 02 7770001', wabaId: '8', ...secrets };
    await h.http().post(`/api/v1/platform/comuni/${comuneId}/numbers`).set(bearer(provider)).send(body).expect(201);
    const directory = h.app.get(NumberDirectory);
    for (let i = 0; i < DIRECTORY_CACHE_MAX + 5000; i += 5000) {
      const ids = Array.from({ length: 5000 }, (_, k) => String(880_000_000_000 + i + k));
      const found = await directory.byPhoneNumberIds(ids);
      expect([...found.values()].every((v) => v === null)).toBe(true);
      expect(directory.cacheSize).toBeLessThanOrEqual(DIRECTORY_CACHE_MAX);
    }
    const real = (await directory.byPhoneNumberIds(['777000111222'])).get('777000111222');
    expect(real).toMatchObject({ tenantId: comuneId, phoneNumberId: '777000111222', accessToken: secrets.accessToken });
  });
});
