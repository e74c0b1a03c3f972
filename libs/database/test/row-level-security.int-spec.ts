import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { ALL_RELATIONS_SQL, createTestEnvironment, TENANT_TABLES_SQL, TEST_APP_ROLE, TestEnvironment, urlAs } from '@bacheca/testing';

/**
 * The database itself keeps comuni apart. Everything here runs as the application role, since a
 * superuser ignores row-level security. Every tenant table needs a fixture below: a new table
 * without one fails the first test, so isolation is proven for it too.
 */
type Fixture = (c: Client, tenant: string) => Promise<void>;

/** A staff user of each comune, for the rows that point at one; filled when staff_users is arranged. */
const staffOf: Record<string, string> = {};
const numberOf: Record<string, string> = {};
const feedOf: Record<string, string> = {};

const FIXTURES: Record<string, Fixture> = {
  staff_users: async (c, t) => {
    const r = await c.query(
      `insert into staff_users (tenant_id, email, full_name, password_hash, role) values ($1, $2, 'X', 'h', 'viewer') returning id`,
      [t, `${randomUUID()}@example.org`],
    );
    staffOf[t] ??= r.rows[0].id;
  },
  refresh_tokens: async (c, t) => {
    await c.query(
      `insert into refresh_tokens (tenant_id, user_id, family_id, token_hash, expires_at) values ($1, $2, gen_random_uuid(), '\\x00', now() + interval '1 day')`,
      [t, staffOf[t]],
    );
  },
  whatsapp_numbers: async (c, t) => {
    const r = await c.query(
      `insert into whatsapp_numbers (tenant_id, phone_number_id, display_phone_number, waba_id, access_token_enc, app_secret_enc, verify_token_hash)
       values ($1, $2, '+39 02 000', '1', '\\x01', '\\x01', '\\x01') returning id`,
      [t, String(Math.floor(Math.random() * 1e12))],
    );
    numberOf[t] ??= r.rows[0].id;
  },
  webhook_events: async (c, t) => {
    await c.query(
      `insert into webhook_events (tenant_id, whatsapp_number_id, event_key, kind, occurred_at, payload) values ($1, $2, $3, 'message', now(), '{}')`,
      [t, numberOf[t], `m:${randomUUID()}`],
    );
  },
  service_settings: (c, t) =>
    c.query(`insert into service_settings (tenant_id, keyword_set) values ($1, '{}')`, [t]).then(() => undefined),
  privacy_notices: (c, t) =>
    c.query(`insert into privacy_notices (tenant_id, version, title, url, effective_from) values ($1, 1, 'Informativa', 'https://x.it', now())`, [
      t,
    ]).then(() => undefined),
  subscribers: (c, t) =>
    c.query(`insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, $2, '\\x01', 'active', now())`, [
      t,
      randomUUID(),
    ]).then(() => undefined),
  consent_ledger: (c, t) =>
    c.query(`insert into consent_ledger (tenant_id, phone_hash, action, occurred_at) values ($1, '\\x01', 'opt_in', now())`, [t]).then(
      () => undefined,
    ),
  auto_replies: (c, t) =>
    c.query(`insert into auto_replies (tenant_id, phone_hash, last_sent_at) values ($1, $2, now())`, [t, randomUUID()]).then(() => undefined),
  deliveries: (c, t) =>
    c.query(`insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash) values ($1, $2, 'reply', '\\x01')`, [
      t,
      numberOf[t],
    ]).then(() => undefined),
  whatsapp_templates: (c, t) =>
    c.query(
      `insert into whatsapp_templates (tenant_id, whatsapp_number_id, name, category, body, param_count, unsubscribe_button) values ($1, $2, $3, 'UTILITY', 'x {{1}}', 1, true)`,
      [t, numberOf[t], `t_${randomUUID().slice(0, 8)}`],
    ).then(() => undefined),
  broadcasts: (c, t) => c.query(`insert into broadcasts (tenant_id, title, body) values ($1, 'T', 'B')`, [t]).then(() => undefined),
  feeds: async (c, t) => {
    const r = await c.query(`insert into feeds (tenant_id, name, url, mode) values ($1, 'Notizie', $2, 'review') returning id`, [t, `https://example.org/${randomUUID()}.xml`]);
    feedOf[t] ??= r.rows[0].id;
  },
  feed_items: (c, t) =>
    c.query(`insert into feed_items (tenant_id, feed_id, item_key, title, outcome) values ($1, $2, $3, 'T', 'baseline')`, [
      t,
      feedOf[t],
      'a'.repeat(64),
    ]).then(() => undefined),
  audit_log: (c, t) =>
    c.query(`insert into audit_log (tenant_id, scope, action, target_type) values ($1, 'tenant', 'test', 'test')`, [t]).then(() => undefined),
};

/** The only relations without a tenant_id: the comuni themselves (their id is the tenant) and the migrations ledger. */
const NOT_COMUNE_OWNED = ['comuni', 'schema_migrations'];

const names = async (c: Client, sql: string): Promise<string[]> => (await c.query(sql)).rows.map((row) => row.name);

/** Tables whose trigger refuses any UPDATE or DELETE statement outright, before row-level security is asked. */
const APPEND_ONLY_SQL = `select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname like '%append_only'`;

async function inScope<T>(c: Client, settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
  await c.query('begin');
  try {
    for (const [k, v] of Object.entries(settings)) await c.query(`select set_config($1, $2, true)`, [k, v]);
    return await work();
  } finally {
    await c.query('rollback');
  }
}

describe('row-level security, as the application role', () => {
  let env: TestEnvironment;
  let app: Client;
  let tables: string[];
  let appendOnly: string[];
  const refusalOf = (table: string) => (appendOnly.includes(table) ? /append-only/ : /row-level security/);
  const A = randomUUID();
  const B = randomUUID();

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = new Client({ connectionString: env.settings.DATABASE_URL });
    await app.connect();
    tables = await names(app, TENANT_TABLES_SQL);
    appendOnly = await names(app, APPEND_ONLY_SQL);
    // Arrange rows of both comuni through the platform scope, then commit.
    await app.query('begin');
    await app.query(`select set_config('app.scope', 'platform', true)`);
    for (const [id, n] of [
      [A, '100001'],
      [B, '100002'],
    ]) {
      await app.query(`insert into comuni (id, slug, name, istat_code, province) values ($1, $2, $2, $3, 'MI')`, [id, `c${n}`, n]);
    }
    for (const t of [A, B]) for (const fixture of Object.values(FIXTURES)) await fixture(app, t);
    await app.query('commit');
  });

  /** Every row of one comune in every tenant table, read in the platform scope. */
  const rowsOf = (tenant: string) =>
    inScope(app, { 'app.scope': 'platform' }, async () => {
      const out: Record<string, string[]> = {};
      for (const table of tables) {
        out[table] = (await app.query(`select t::text as row from ${table} t where tenant_id = $1 order by 1`, [tenant])).rows.map((r) => r.row);
      }
      out.comuni = (await app.query(`select t::text as row from comuni t where id = $1`, [tenant])).rows.map((r) => r.row);
      return out;
    });

  afterAll(async () => {
    await app.end();
    await env.cleanup();
  });

  it('connects as a role that is not superuser, cannot bypass RLS and owns nothing', async () => {
    const role = await app.query(`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`);
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await app.query(`select count(*)::int as n from pg_class where relowner = (select oid from pg_roles where rolname = current_user)`);
    expect(owned.rows[0].n).toBe(0);
    expect((await app.query('select current_user')).rows[0].current_user).toBe(TEST_APP_ROLE);
  });

  it('holds no relation that is neither comune-owned (tenant_id) nor one of the known exceptions', async () => {
    const all = await names(app, ALL_RELATIONS_SQL);
    expect(all.filter((t) => !tables.includes(t))).toEqual(NOT_COMUNE_OWNED);
  });

  it('has forced row-level security with a policy on every tenant table, and a fixture for each', async () => {
    expect(tables.length).toBeGreaterThanOrEqual(3);
    const r = await app.query(`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c where c.relname = any($1)`, [[...tables, 'comuni']]);
    for (const row of r.rows) {
      expect({ table: row.relname, rls: row.relrowsecurity, force: row.relforcerowsecurity }).toEqual({
        table: row.relname,
        rls: true,
        force: true,
      });
      expect(row.policies).toBeGreaterThan(0);
    }
    expect(tables.filter((t) => !FIXTURES[t])).toEqual([]);
  });

  it("with comune A's setting, sees A's rows and none of B's, in every tenant table", async () => {
    await inScope(app, { 'app.tenant_id': A }, async () => {
      for (const table of tables) {
        const r = await app.query(`select tenant_id from ${table}`);
        expect({ table, tenants: [...new Set(r.rows.map((x) => x.tenant_id))] }).toEqual({ table, tenants: [A] });
      }
      const comuni = await app.query(`select id from comuni`);
      expect(comuni.rows.map((x) => x.id)).toEqual([A]);
    });
  });

  it("with comune A's setting, refuses to insert a row of B in every tenant table", async () => {
    for (const table of tables) {
      await expect(inScope(app, { 'app.tenant_id': A }, () => FIXTURES[table](app, B))).rejects.toThrow(/row-level security/);
    }
  });

  it("with comune A's setting, updates and deletes none of B's rows and cannot move its own rows to B, in every tenant table", async () => {
    const before = await rowsOf(B);
    for (const table of tables) {
      const touch = [`update ${table} set tenant_id = tenant_id where tenant_id = $1`, `delete from ${table} where tenant_id = $1`];
      for (const sql of touch) {
        const outcome = await inScope(app, { 'app.tenant_id': A }, () => app.query(sql, [B])).then(
          (r) => ({ table, sql, rows: r.rowCount }),
          (err: Error) => ({ table, sql, refused: refusalOf(table).test(err.message) }),
        );
        expect(outcome).toEqual(appendOnly.includes(table) ? { table, sql, refused: true } : { table, sql, rows: 0 });
      }
      // Moving one's own row into another comune is a write of a row of B: refused.
      await expect(
        inScope(app, { 'app.tenant_id': A }, () => app.query(`update ${table} set tenant_id = $1 where tenant_id = $2`, [B, A])),
      ).rejects.toThrow(refusalOf(table));
    }
    await inScope(app, { 'app.tenant_id': A }, async () => {
      expect((await app.query(`update comuni set name = 'hijacked' where id = $1`, [B])).rowCount).toBe(0);
      expect((await app.query(`delete from comuni where id = $1`, [B])).rowCount).toBe(0);
    });
    expect(await rowsOf(B)).toEqual(before);
  });

  it('with no setting at all, refuses to insert a row of any comune in every tenant table', async () => {
    for (const table of tables) {
      await expect(inScope(app, {}, () => FIXTURES[table](app, A))).rejects.toThrow(/row-level security/);
    }
  });

  it('with no setting at all, every tenant table shows no rows', async () => {
    await inScope(app, {}, async () => {
      for (const table of [...tables, 'comuni']) {
        const r = await app.query(`select count(*)::int as n from ${table}`);
        expect({ table, n: r.rows[0].n }).toEqual({ table, n: 0 });
      }
    });
  });

  it('an emptied setting (read back as an empty string) shows no rows either', async () => {
    await inScope(app, { 'app.tenant_id': A }, async () => {
      await app.query(`select set_config('app.tenant_id', '', true)`);
      expect((await app.query(`select count(*)::int as n from staff_users`)).rows[0].n).toBe(0);
    });
  });

  it('keeps the setting inside its transaction: the next transaction on the same connection sees nothing', async () => {
    await inScope(app, { 'app.tenant_id': A }, async () => undefined);
    expect((await app.query(`select count(*)::int as n from staff_users`)).rows[0].n).toBe(0);
  });

  it('keeps the audit log append-only, even for its owner', async () => {
    const owner = new Client({ connectionString: env.settings.DATABASE_OWNER_URL });
    await owner.connect();
    try {
      await owner.query(`select set_config('app.scope', 'platform', false)`);
      await expect(owner.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`truncate audit_log`)).rejects.toThrow(/append-only/);
      await expect(inScope(app, { 'app.scope': 'platform' }, () => app.query(`update audit_log set action = 'x'`))).rejects.toThrow(/append-only/);
      await expect(inScope(app, { 'app.scope': 'platform' }, () => app.query(`delete from audit_log`))).rejects.toThrow(/append-only/);
      await expect(app.query(`truncate audit_log`)).rejects.toThrow();
      // The application's own door for deletions is the retention sweep's, and only in its named scope.
      await expect(
        inScope(app, { 'app.scope': 'platform' }, () => app.query(`select * from purge_audit_log(now() - interval '400 days', 0, 100)`)),
      ).rejects.toThrow(/retention sweep/);
    } finally {
      await owner.end();
    }
  });

  it.each(['consent_ledger', 'privacy_notices'])(
    'keeps %s append-only, even for its owner: the evidence of consent cannot be rewritten',
    async (table) => {
      const owner = new Client({ connectionString: env.settings.DATABASE_OWNER_URL });
      await owner.connect();
      try {
        await owner.query(`select set_config('app.scope', 'platform', false)`);
        const before = (await owner.query(`select count(*)::int as n from ${table}`)).rows[0].n;
        expect(before).toBeGreaterThan(0);
        await expect(owner.query(`update ${table} set tenant_id = tenant_id`)).rejects.toThrow(/append-only/);
        await expect(owner.query(`delete from ${table}`)).rejects.toThrow(/append-only/);
        await expect(inScope(app, { 'app.tenant_id': A }, () => app.query(`delete from ${table}`))).rejects.toThrow(/append-only/);
        expect((await owner.query(`select count(*)::int as n from ${table}`)).rows[0].n).toBe(before);
      } finally {
        await owner.end();
      }
    },
  );

  it('never shows one comune the rows of another, in any tenant table, under many concurrent requests on a small pool', async () => {
    const pool = new Pool({ connectionString: env.settings.DATABASE_URL, max: 3 });
    try {
      const leaks: string[] = [];
      await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          const tenant = i % 2 ? A : B;
          const c = await pool.connect();
          try {
            await c.query('begin');
            await c.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
            const table = tables[Math.floor(i / 2) % tables.length]; // each table, for both comuni
            const r = await c.query(`select tenant_id from ${table}`);
            if (r.rows.length === 0 || r.rows.some((row) => row.tenant_id !== tenant)) leaks.push(`${i} ${table}`);
            await c.query('commit');
          } finally {
            c.release();
          }
        }),
      );
      expect(leaks).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('lets only the superuser-free owner role run migrations (the application role cannot create tables)', async () => {
    await expect(app.query(`create table intruder (id int)`)).rejects.toThrow(/permission denied/);
    const superuser = new Client({ connectionString: urlAs(env, 'postgres') });
    await superuser.connect();
    const owner = await superuser.query(`select tableowner from pg_tables where tablename = 'staff_users'`);
    await superuser.end();
    expect(owner.rows[0].tableowner).toBe('bacheca_owner');
  });
});
