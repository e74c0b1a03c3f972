import { JwtService } from '@nestjs/jwt';
import { TenantDb } from '@bacheca/database';
import { ApiHarness, makeComune, makeStaff, PASSWORD, startApi } from './harness';

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
/** The claims an access token carries, read without verifying it. */
const claimsOf = (t: string): { sub: string; tid: string | null; role: string; sid: string } =>
  JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString());

describe('staff sessions', () => {
  let h: ApiHarness;
  let comuneId: string;

  beforeAll(async () => {
    // One proxy hop is trusted so each test can speak from its own client address.
    h = await startApi({ LOGIN_MAX_FAILS_PER_ACCOUNT: '3', LOGIN_MAX_FAILS_PER_ADDRESS: '6', TRUST_PROXY_HOPS: '1' });
    comuneId = (await makeComune(h)).id;
  });
  afterAll(() => h.close());

  const broadcastCount = () =>
    h.app.get(TenantDb).asPlatform('test', async (em) => Number((await em.query('select count(*) as n from broadcasts'))[0].n));
  const auditActions = (action: string) =>
    h.app.get(TenantDb).asPlatform('test', (em) => em.query('select * from audit_log where action = $1 order by id', [action]));

  describe('login', () => {
    it('returns an access token, a refresh token and the user', async () => {
      const u = await makeStaff(h, comuneId, 'editor');
      const res = await h.http().post('/api/v1/auth/login').send({ email: u.email.toUpperCase(), password: PASSWORD }).expect(200);
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(res.body.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
      expect(res.body.user).toMatchObject({ id: u.id, role: 'editor', tenantId: comuneId });
      const me = await h.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body).toEqual({ userId: u.id, tenantId: comuneId, role: 'editor' });
    });

    it('answers an unknown account exactly like a wrong password', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const wrong = await h.http().post('/api/v1/auth/login').set('X-Forwarded-For', '192.0.2.10').send({ email: u.email, password: 'not the password' }).expect(401);
      const unknown = await h.http().post('/api/v1/auth/login').set('X-Forwarded-For', '192.0.2.10').send({ email: 'nobody@example.org', password: 'not the password' }).expect(401);
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(strip(unknown.body)).toEqual(strip(wrong.body));
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('spends the same time on an unknown account as on a wrong password (measured, medians of interleaved pairs)', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      let n = 0;
      const time = async (email: string) => {
        n += 1;
        const t = process.hrtime.bigint();
        // Each from its own address, and each unknown address new, so no throttle answers early.
        const res = await h.http().post('/api/v1/auth/login').set('X-Forwarded-For', `198.51.100.${n}`).send({ email, password: 'wrong wrong wrong' });
        expect(res.status).toBe(401);
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      const known: number[] = [];
      const unknown: number[] = [];
      // The first unknown login also makes the decoy hash: a one-off, kept out of the sample.
      await time('warm-up@example.org');
      // Pairs alternate their order, so a burst of load on this shared machine lands on both sides.
      // The account's own throttle (3 failures here) is reset by a success every other pair.
      for (let i = 0; i < 9; i++) {
        if (i % 2 === 0) await h.http().post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.250').send({ email: u.email, password: PASSWORD }).expect(200);
        const pair = i % 2 ? [() => time(`ghost${i}@example.org`), () => time(u.email)] : [() => time(u.email), () => time(`ghost${i}@example.org`)];
        const [first, second] = [await pair[0](), await pair[1]()];
        (i % 2 ? unknown : known).push(first);
        (i % 2 ? known : unknown).push(second);
      }
      // Without the decoy hash an unknown account answers in ~1 ms against ~20+ ms (ratio < 0.1); with
      // it both run one argon2id verification of the same cost. The band is wide enough for a busy
      // machine and far narrower than the gap a missing decoy makes, on either side.
      const ratio = median(unknown) / median(known);
      expect(ratio).toBeGreaterThan(0.6);
      expect(ratio).toBeLessThan(1.67);
    });

    it('throttles an unknown account exactly as it throttles a known one, so a 429 does not reveal which exist', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const statuses = async (email: string, net: string) => {
        const out: number[] = [];
        for (let i = 0; i < 4; i++) {
          out.push((await h.http().post('/api/v1/auth/login').set('X-Forwarded-For', `${net}.${i + 1}`).send({ email, password: 'not it' })).status);
        }
        return out;
      };
      const known = await statuses(u.email, '192.0.2');
      expect(known).toEqual([401, 401, 401, 429]);
      expect(await statuses('nessuno@example.org', '198.18.0')).toEqual(known);
    });

    it('throttles an account after repeated failures, even with the right password, and audits it', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      for (let i = 0; i < 3; i++) await h.http().post('/api/v1/auth/login').set('X-Forwarded-For', '192.0.2.65').send({ email: u.email, password: 'bad password' }).expect(401);
      const res = await h.http().post('/api/v1/auth/login').send({ email: u.email, password: PASSWORD }).expect(429);
      expect(res.body.code).toBe('TOO_MANY_ATTEMPTS');
      const failed = await auditActions('auth.login.failed');
      expect(failed.filter((e: { target_id: string }) => e.target_id === u.id)).toHaveLength(3);
      expect((await auditActions('auth.login.throttled')).length).toBeGreaterThan(0);
    });

    it('throttles a client address that tries many accounts, and only that address', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const from = (ip: string) => h.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip);
      for (let i = 0; i < 6; i++) await from('203.0.113.7').send({ email: `guess${i}@example.org`, password: 'x' }).expect(401);
      await from('203.0.113.7').send({ email: u.email, password: PASSWORD }).expect(429);
      await from('203.0.113.8').send({ email: u.email, password: PASSWORD }).expect(200);
      const throttled = await auditActions('auth.login.throttled');
      expect(throttled.some((e: { ip: string }) => e.ip === '203.0.113.7')).toBe(true);
    });

    it('refuses a deactivated account and closes its sessions', async () => {
      const admin = await makeStaff(h, comuneId, 'admin');
      const u = await makeStaff(h, comuneId, 'sender');
      await h.http().patch(`/api/v1/users/${u.id}`).set(bearer(admin.token)).send({ active: false }).expect(200);
      await h.http().get('/api/v1/auth/me').set(bearer(u.token)).expect(401);
      await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
      const res = await h.http().post('/api/v1/auth/login').set('X-Forwarded-For', '192.0.2.20').send({ email: u.email, password: PASSWORD }).expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('refresh tokens', () => {
    it('rotate: a refresh gives a new pair and the old refresh token stops working', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const first = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(u.refreshToken);
      await h.http().get('/api/v1/auth/me').set(bearer(first.body.accessToken)).expect(200);
      const second = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    });

    it('a reused refresh token revokes the whole family, opens no session and is audited', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const next = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
      const tokensOf = () =>
        h.app.get(TenantDb).asPlatform('test', (em) =>
          em.query('select id, revoked_at is not null as revoked from refresh_tokens where user_id = $1 order by id', [u.id]),
        );
      const before = await tokensOf();
      expect(before.map((t: { revoked: boolean }) => t.revoked)).toEqual([false, false]);
      const reuse = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
      expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
      expect(reuse.body.accessToken).toBeUndefined();
      // No token was issued, and every one of the family is now revoked.
      expect(await tokensOf()).toEqual(before.map((t: { id: string }) => ({ id: t.id, revoked: true })));
      // The legitimate-looking successor dies with the family.
      const after = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(401);
      expect(after.body.code).toBe('REFRESH_TOKEN_REUSED');
      expect((await auditActions('auth.refresh.reused')).some((e: { target_id: string }) => e.target_id === u.id)).toBe(true);
    });

    it('refuses an expired refresh token, every time, without taking it for a stolen one', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const expire = () =>
        h.app.get(TenantDb).asPlatform('test', (em) => em.query(`update refresh_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [u.id]));
      const rows = () => h.app.get(TenantDb).asPlatform('test', (em) => em.query('select * from refresh_tokens where user_id = $1', [u.id]));
      await expire();
      const before = await rows();
      for (let i = 0; i < 2; i++) {
        const res = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
        expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
      }
      expect(await rows()).toEqual(before);
    });

    it('two concurrent refreshes with one token: exactly one wins', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const results = await Promise.all([1, 2].map(() => h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it.each([
      ['garbage', 'not-a-token'],
      ['unknown id', '00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ])('refuses a %s refresh token', async (_, refreshToken) => {
      const res = await h.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('refuses a refresh token whose secret was tampered with', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const [id, secret] = u.refreshToken.split('.');
      const tampered = `${id}.${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
      await h.http().post('/api/v1/auth/refresh').send({ refreshToken: tampered }).expect(401);
      await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
    });

    it('logout revokes the session family', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      await h.http().post('/api/v1/auth/logout').set(bearer(u.token)).send({ refreshToken: u.refreshToken }).expect(204);
      const res = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
      expect(res.body.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it("cannot log out someone else's session", async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const other = await makeStaff(h, comuneId, 'viewer');
      await h.http().post('/api/v1/auth/logout').set(bearer(other.token)).send({ refreshToken: u.refreshToken }).expect(401);
      await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
    });
  });

  describe('access tokens', () => {
    const sign = (claims: object, secret: string, opts: object = {}) => new JwtService().sign(claims, { secret, ...opts });

    it.each([
      ['tampered payload', (t: string) => { const [a, , c] = t.split('.'); return `${a}.${Buffer.from('{"sub":"x","role":"platform_admin","tid":null}').toString('base64url')}.${c}`; }],
      ['tampered signature', (t: string) => `${t.slice(0, -2)}${t.endsWith('AA') ? 'BB' : 'AA'}`],
      ['not a JWT', () => 'abc.def'],
    ])('refuses a %s', async (_, mutate) => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const res = await h.http().get('/api/v1/auth/me').set(bearer(mutate(u.token))).expect(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    });

    it('refuses an expired token', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      // Every claim but the expiry is that of an open session, so only the expiry is at fault.
      const expired = sign({ ...claimsOf(u.token), exp: Math.floor(Date.now() / 1000) - 10 }, h.env.settings.JWT_SECRET);
      await h.http().get('/api/v1/auth/me').set(bearer(u.token)).expect(200);
      const res = await h.http().get('/api/v1/auth/me').set(bearer(expired)).expect(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    });

    it('refuses a token forged with another secret, and one with alg none', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const { sid } = claimsOf(u.token);
      const forged = sign({ sub: u.id, tid: null, role: 'platform_admin', sid }, 'x'.repeat(40), { expiresIn: 60 });
      await h.http().get('/api/v1/platform/comuni').set(bearer(forged)).expect(401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: u.id, tid: null, role: 'platform_admin', sid }),
      ).toString('base64url')}.`;
      await h.http().get('/api/v1/platform/comuni').set(bearer(none)).expect(401);
    });

    it('refuses a correctly signed token with an impossible shape', async () => {
      const bad = sign({ sub: 'not-a-uuid', tid: null, role: 'god' }, h.env.settings.JWT_SECRET, { expiresIn: 60 });
      await h.http().get('/api/v1/auth/me').set(bearer(bad)).expect(401);
    });

    it('names its session: the refresh-token family, kept across a rotation', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const family = (id: string) =>
        h.app.get(TenantDb).asPlatform('test', async (em) => (await em.query('select family_id from refresh_tokens where id = $1', [id]))[0].family_id);
      const { sid } = claimsOf(u.token);
      expect(sid).toBe(await family(u.refreshToken.split('.')[0]));
      const next = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
      expect(claimsOf(next.body.accessToken).sid).toBe(sid);
    });

    it.each([
      ['without a sid', undefined, 'UNAUTHORIZED'],
      ['with a sid that is not a uuid', 'not-a-uuid', 'UNAUTHORIZED'],
      ['with a sid of uuid length but not a uuid', '-'.repeat(36), 'UNAUTHORIZED'],
      ['naming a session that was never opened', '00000000-0000-4000-8000-000000000000', 'SESSION_REVOKED'],
    ])('refuses a correctly signed token %s', async (_, sid, code) => {
      const u = await makeStaff(h, comuneId, 'editor');
      const token = sign({ ...claimsOf(u.token), sid }, h.env.settings.JWT_SECRET);
      const before = await broadcastCount();
      const res = await h.http().post('/api/v1/broadcasts').set(bearer(token)).send({ title: 'Senza sessione', body: 'Testo' }).expect(401);
      expect(res.body.code).toBe(code);
      expect(await broadcastCount()).toBe(before);
    });

    it("refuses a token naming another user's open session", async () => {
      const u = await makeStaff(h, comuneId, 'editor');
      const other = await makeStaff(h, comuneId, 'editor');
      const token = sign({ ...claimsOf(u.token), sid: claimsOf(other.token).sid }, h.env.settings.JWT_SECRET);
      expect((await h.http().get('/api/v1/auth/me').set(bearer(token)).expect(401)).body.code).toBe('SESSION_REVOKED');
      await h.http().get('/api/v1/auth/me').set(bearer(other.token)).expect(200);
    });
  });

  describe('the end of a session ends its access tokens at once, not when they expire', () => {
    const login = async (email: string) => (await h.http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200)).body;
    const write = (token: string, title: string) => h.http().post('/api/v1/broadcasts').set(bearer(token)).send({ title, body: 'Testo' });

    it('logout: the same access token is a 401 on a tenant route and changes nothing; the other devices stay signed in', async () => {
      const u = await makeStaff(h, comuneId, 'editor');
      const otherDevice = await login(u.email);
      await write(u.token, 'Prima del logout').expect(201);
      await h.http().post('/api/v1/auth/logout').set(bearer(u.token)).send({ refreshToken: u.refreshToken }).expect(204);

      const before = await broadcastCount();
      const res = await write(u.token, 'Dopo il logout').expect(401);
      expect(res.body).toEqual({ statusCode: 401, code: 'SESSION_REVOKED', message: expect.any(String), requestId: expect.any(String) });
      expect(await broadcastCount()).toBe(before);
      await h.http().get('/api/v1/comune').set(bearer(u.token)).expect(401);
      // Nor can the closed session log out again or be renewed.
      await h.http().post('/api/v1/auth/logout').set(bearer(u.token)).send({ refreshToken: u.refreshToken }).expect(401);

      await write(otherDevice.accessToken, "Dall'altro dispositivo").expect(201);
      const renewed = await h.http().post('/api/v1/auth/refresh').send({ refreshToken: otherDevice.refreshToken }).expect(200);
      await h.http().get('/api/v1/comune').set(bearer(renewed.body.accessToken)).expect(200);
    });

    it('answers a closed session with the shape of an expired token', async () => {
      const u = await makeStaff(h, comuneId, 'viewer');
      const expired = new JwtService().sign({ ...claimsOf(u.token), exp: Math.floor(Date.now() / 1000) - 10 }, { secret: h.env.settings.JWT_SECRET });
      await h.http().post('/api/v1/auth/logout').set(bearer(u.token)).send({ refreshToken: u.refreshToken }).expect(204);
      const shape = async (t: string) => Object.keys((await h.http().get('/api/v1/auth/me').set(bearer(t)).expect(401)).body).sort();
      expect(await shape(u.token)).toEqual(await shape(expired));
    });

    it('a reused refresh token: the access tokens of the whole family, the victim\'s and the thief\'s, are refused; other sessions are not', async () => {
      const u = await makeStaff(h, comuneId, 'editor');
      const otherDevice = await login(u.email);
      // The thief renews with the stolen refresh token first, then the victim presents it again.
      const thief = (await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200)).body;
      await write(thief.accessToken, 'Del ladro').expect(201);
      expect((await h.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401)).body.code).toBe('REFRESH_TOKEN_REUSED');

      const before = await broadcastCount();
      for (const token of [u.token, thief.accessToken]) {
        const res = await write(token, 'Dopo la revoca').expect(401);
        expect(res.body.code).toBe('SESSION_REVOKED');
      }
      expect(await broadcastCount()).toBe(before);
      await write(otherDevice.accessToken, "Dall'altro dispositivo").expect(201);
    });

    it('a deactivation closes every session: reactivated, the account must log in again', async () => {
      const admin = await makeStaff(h, comuneId, 'admin');
      const u = await makeStaff(h, comuneId, 'viewer');
      await h.http().patch(`/api/v1/users/${u.id}`).set(bearer(admin.token)).send({ active: false }).expect(200);
      expect((await h.http().get('/api/v1/auth/me').set(bearer(u.token)).expect(401)).body.code).toBe('ACCOUNT_DISABLED');
      await h.http().patch(`/api/v1/users/${u.id}`).set(bearer(admin.token)).send({ active: true }).expect(200);
      expect((await h.http().get('/api/v1/auth/me').set(bearer(u.token)).expect(401)).body.code).toBe('SESSION_REVOKED');
      await h.http().get('/api/v1/auth/me').set(bearer((await login(u.email)).accessToken)).expect(200);
    });
  });

  describe('a change of role', () => {
    it('takes effect at once: a demoted editor cannot write with the token it already holds', async () => {
      const admin = await makeStaff(h, comuneId, 'admin');
      const u = await makeStaff(h, comuneId, 'editor');
      await h.http().post('/api/v1/broadcasts').set(bearer(u.token)).send({ title: 'Prima', body: 'Testo' }).expect(201);
      await h.http().patch(`/api/v1/users/${u.id}`).set(bearer(admin.token)).send({ role: 'viewer' }).expect(200);
      const res = await h.http().post('/api/v1/broadcasts').set(bearer(u.token)).send({ title: 'Dopo', body: 'Testo' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await h.http().get('/api/v1/auth/me').set(bearer(u.token)).expect(200)).body.role).toBe('viewer');
    });
  });

  describe('a suspended comune', () => {
    it('cannot act, cannot log in, cannot refresh; reactivated, it can again', async () => {
      const c = await makeComune(h, { status: 'pre_launch' });
      const admin = await makeStaff(h, c.id, 'admin');
      const provider = await makeStaff(h, null, 'platform_admin');
      await h.http().post(`/api/v1/platform/comuni/${c.id}/suspend`).set(bearer(provider.token)).send({ reason: 'Contratto scaduto' }).expect(200);

      const act = await h.http().get('/api/v1/comune').set(bearer(admin.token)).expect(403);
      expect(act.body.code).toBe('TENANT_SUSPENDED');
      expect((await h.http().post('/api/v1/auth/login').send({ email: admin.email, password: PASSWORD }).expect(403)).body.code).toBe(
        'TENANT_SUSPENDED',
      );
      await h.http().post('/api/v1/auth/refresh').send({ refreshToken: admin.refreshToken }).expect(403);

      const back = await h.http().post(`/api/v1/platform/comuni/${c.id}/reactivate`).set(bearer(provider.token)).expect(200);
      expect(back.body.status).toBe('pre_launch');
      await h.http().get('/api/v1/comune').set(bearer(admin.token)).expect(200);
      // The refresh refused during the suspension was not spent: it is not taken for a stolen token now.
      await h.http().post('/api/v1/auth/refresh').send({ refreshToken: admin.refreshToken }).expect(200);
    });
  });
});
