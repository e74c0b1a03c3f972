import { randomBytes } from 'node:crypto';
import { TenantDb } from '@bacheca/database';
import { DIRECTORY_CACHE_MAX, NumberDirectory } from '@bacheca/numbers';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { messagesWebhook } from '../../sandbox/src/inbound/inbound-payloads';
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

  it('rotates credentials: the new ones work for the handshake and the webhook signature at once, the old ones no longer do, and a stopped number is re-enabled', async () => {
    const own = { accessToken: 'EAAG-rotating-token-123', appSecret: 'rotating-app-secret', webhookVerifyToken: 'rotating-verify-token' };
    const created = await register({ phoneNumberId: '888000', displayPhoneNumber: '+39 02 888000', wabaId: '8', ...own }).expect(201);
    const ref = { wabaId: '8', phoneNumberId: '888000', displayPhoneNumber: '+39 02 888000' };
    const webhook = (secret: string) => {
      const raw = toMetaJson(
        messagesWebhook(ref, { type: 'text', fromDigits: '393331110000', userId: 'IT.5', profileName: 'A', wamid: `wamid.${randomBytes(8).toString('hex')}`, timestamp: new Date(), text: 'ATTIVA', businessDigits: '39' }),
      );
      return h.http().post('/webhooks/whatsapp').set('Content-Type', 'application/json').set('X-Hub-Signature-256', signPayload(Buffer.from(raw), secret)).send(raw);
    };
    const handshake = (token: string) =>
      h.http().get('/webhooks/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': 'c' });
    // Read once, so the directory remembers the old credentials before the rotation.
    await webhook(own.appSecret).expect(200);
    await handshake(own.webhookVerifyToken).expect(200);
    await h.app.get(TenantDb).asPlatform('test', (em) =>
      em.query(`update whatsapp_numbers set sending_status = 'stopped', sending_stopped_reason = 'token scaduto' where id = $1`, [created.body.id]),
    );
    const before = await rawRow(created.body.id);
    const rotated = await h
      .http()
      .patch(`/api/v1/platform/numbers/${created.body.id}`)
      .set(bearer(provider))
      .send({ accessToken: 'EAAG-brand-new-token-456', appSecret: 'brand-new-app-secret', webhookVerifyToken: 'new-verify-token', mps: 40 })
      .expect(200);
    expect(rotated.body).toMatchObject({ mps: 40, sendingStatus: 'active', sendingStoppedReason: null });
    expect(JSON.stringify(rotated.body)).not.toContain('brand-new');
    const after = await rawRow(created.body.id);
    expect(after.access_token_enc.equals(before.access_token_enc)).toBe(false);
    expect(after.app_secret_enc.equals(before.app_secret_enc)).toBe(false);
    await handshake('new-verify-token').expect(200);
    await handshake(own.webhookVerifyToken).expect(403);
    await webhook('brand-new-app-secret').expect(200);
    expect((await webhook(own.appSecret).expect(401)).body.code).toBe('INVALID_SIGNATURE');
    const credentials = (await h.app.get(NumberDirectory).byPhoneNumberIds(['888000'])).get('888000');
    expect(credentials).toMatchObject({ accessToken: 'EAAG-brand-new-token-456', appSecret: 'brand-new-app-secret', sendingStatus: 'active' });
    const audit = await h.app.get(TenantDb).asPlatform('test', (em) =>
      em.query(`select action, details from audit_log where target_id = $1 and action = 'whatsapp_number.rotate'`, [created.body.id]),
    );
    expect(audit).toEqual([{ action: 'whatsapp_number.rotate', details: expect.objectContaining({ rotated: ['accessToken', 'appSecret', 'webhookVerifyToken'] }) }]);
    expect(JSON.stringify(audit)).not.toContain('brand-new');
  });

  it('refuses a rotation with a malformed value or for an unknown number, changing nothing', async () => {
    const created = await register({ phoneNumberId: '888111', displayPhoneNumber: '+39 02 888111', wabaId: '8', ...secrets }).expect(201);
    const before = await rawRow(created.body.id);
    const bad = await h.http().patch(`/api/v1/platform/numbers/${created.body.id}`).set(bearer(provider)).send({ accessToken: 'short', mps: 0 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await rawRow(created.body.id)).toEqual(before);
    const missing = await h.http().patch('/api/v1/platform/numbers/00000000-0000-4000-8000-000000000000').set(bearer(provider)).send({ mps: 10 }).expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('keeps several numbers for one comune, each routed to its own row', async () => {
    const town = (await makeComune(h)).id;
    const add = (phoneNumberId: string) =>
      h.http().post(`/api/v1/platform/comuni/${town}/numbers`).set(bearer(provider)).send({ phoneNumberId, displayPhoneNumber: `+39 02 ${phoneNumberId}`, wabaId: '9', ...secrets }).expect(201);
    const first = (await add('901001')).body;
    const second = (await add('901002')).body;
    const listed = (await h.http().get(`/api/v1/platform/comuni/${town}/numbers`).set(bearer(provider)).expect(200)).body;
    expect(listed.map((n: { id: string }) => n.id)).toEqual([first.id, second.id]);
    const found = await h.app.get(NumberDirectory).byPhoneNumberIds(['901001', '901002']);
    expect([found.get('901001')?.id, found.get('901002')?.id]).toEqual([first.id, second.id]);
    expect((await h.app.get(NumberDirectory).forTenant(town, second.id))?.phoneNumberId).toBe('901002');
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
