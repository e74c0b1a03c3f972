import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Actor } from '@bacheca/audit';
import { ConfigModule, Settings } from '@bacheca/config';
import { BlindIndex, citizenPhoneCodec, keyIdOf, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { NumberDirectory, NumbersService, secretContext } from '@bacheca/numbers';
import { SubscribersService } from '@bacheca/subscriptions';
import { ComuniService } from '@bacheca/tenancy';
import { createTestEnvironment, sealLegacy, TestEnvironment } from '@bacheca/testing';
import { CliModule } from '../src/cli.module';
import { EXIT_OLD_KEYS_REMAIN, resealCommand } from '../src/reseal/reseal-command';
import { ResealSecrets } from '../src/reseal/reseal-secrets';
import { ResealModule } from '../src/reseal/reseal.module';
import { SEALED_COLUMNS } from '../src/reseal/sealed-columns';

const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };
const newKey = () => randomBytes(32).toString('base64');

describe('crypto:reseal (rotation of ENCRYPTION_KEY)', () => {
  let env: TestEnvironment;
  const A = newKey();
  const B = newKey();
  const idA = keyIdOf(Buffer.from(A, 'base64'));
  const idB = keyIdOf(Buffer.from(B, 'base64'));
  const PHONES = ['+393331000001', '+393331000002', '+393331000003', '+393331000004', '+393331000005'];
  const TOKEN = 'EAAG-token-of-the-number';
  const SECRET = 'app-secret-of-the-number';
  let tenantId: string;
  let numberId: string;
  const apps: INestApplicationContext[] = [];

  const keys = (current: string, previous?: string): Settings => ({ ...env.settings, ENCRYPTION_KEY: current, ENCRYPTION_KEY_PREVIOUS: previous }) as Settings;

  async function start(settings: Settings): Promise<INestApplicationContext> {
    @Module({ imports: [ConfigModule.forRoot(settings), CliModule, ResealModule] })
    class Root {}
    const app = await NestFactory.createApplicationContext(Root, { logger: ['error'] });
    apps.push(app);
    return app;
  }

  async function stop(app: INestApplicationContext) {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  }

  /** What the app shows of every citizen and the number, through its own services. */
  async function readThroughApp(app: INestApplicationContext) {
    const staff: Actor = { userId: null, role: 'admin', tenantId };
    const found = [];
    for (const phone of PHONES) {
      const s = await app.get(SubscribersService).lookup(staff, tenantId, phone);
      const exported = JSON.parse((await app.get(SubscribersService).export(staff, tenantId, s.id, 'json')).body);
      found.push(exported.subscriber.phone);
    }
    const number = await app.get(NumberDirectory).forTenant(tenantId, numberId);
    return { phones: found, token: number?.accessToken, secret: number?.appSecret };
  }

  /** Every sealed value in the database, as bytes, by column. */
  async function sealedValues(app: INestApplicationContext): Promise<Record<string, string[]>> {
    return app.get(TenantDb).asPlatform('test', async (em) => {
      const out: Record<string, string[]> = {};
      for (const c of SEALED_COLUMNS) {
        const rows: { v: Buffer }[] = await em.query(`select ${c.value} as v from ${c.table} t where ${c.value} is not null order by t.id`);
        out[c.name] = rows.map((r) => r.v.toString('hex'));
      }
      return out;
    });
  }

  const output = () => {
    const lines: string[] = [];
    return { lines, print: (l: string) => lines.push(l), text: () => lines.join('\n') };
  };

  beforeAll(async () => {
    env = await createTestEnvironment({ ENCRYPTION_KEY: A });
    // Before the rotation: everything under key A, part of it in format 1 as deployments sealed it before key ids.
    const app = await start(keys(A));
    tenantId = (await app.get(ComuniService).create(SYSTEM, { slug: 'rotonda', name: 'Rotonda', istatCode: '076067', province: 'PZ' })).id;
    numberId = (
      await app.get(NumbersService).register(SYSTEM, tenantId, {
        phoneNumberId: '900100200300',
        displayPhoneNumber: '+39 0973 661005',
        wabaId: '900100200399',
        accessToken: TOKEN,
        appSecret: SECRET,
        webhookVerifyToken: 'verify-token-rotonda',
      })
    ).id;
    const codec = citizenPhoneCodec(app.get(SecretBox), app.get(BlindIndex), tenantId);
    const context = `citizen_phone:${tenantId}`;
    await app.get(TenantDb).inTenant(tenantId, async (em) => {
      await em.query(`update whatsapp_numbers set app_secret_enc = $2 where id = $1`, [numberId, sealLegacy(A, SECRET, secretContext('900100200300'))]);
      for (const [i, phone] of PHONES.entries()) {
        const sealed = i < 2 ? sealLegacy(A, phone, context) : codec.seal(phone);
        await em.query(
          `insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at, subscribed_at) values ($1, $2, $3, 'active', now(), now())`,
          [tenantId, codec.hash(phone), sealed],
        );
      }
      // A broadcast's deliveries copy the subscribers' sealed bytes, as the fan-out does; a sent reply keeps none.
      await em.query(
        `insert into deliveries (tenant_id, whatsapp_number_id, lane, subscriber_id, recipient_hash, recipient_enc)
         select tenant_id, $1, 'news', id, phone_hash, phone_enc from subscribers`,
        [numberId],
      );
      await em.query(
        `insert into deliveries (tenant_id, whatsapp_number_id, lane, recipient_hash, recipient_enc, status) values ($1, $2, 'reply', $3, null, 'sent')`,
        [tenantId, numberId, codec.hash(PHONES[0])],
      );
      // A message still to process, from a citizen who changed number (the new one sealed inside the JSON), and a status with no number.
      await em.query(
        `insert into webhook_events (tenant_id, whatsapp_number_id, event_key, kind, occurred_at, citizen_hash, citizen_phone_enc, payload)
         values ($1, $2, 'm:wamid.1', 'message', now(), $3, $4, $5::jsonb), ($1, $2, 's:wamid.0:sent', 'status', now(), $3, null, '{}'::jsonb)`,
        [tenantId, numberId, codec.hash(PHONES[0]), codec.seal(PHONES[0]), JSON.stringify({ type: 'system', newFromSealed: codec.seal('+393339999999').toString('base64') })],
      );
    });
    await stop(app);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await env?.cleanup();
  });

  it('knows every sealed bytea column of the schema', async () => {
    const client = new Client({ connectionString: env.settings.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select table_name || '.' || column_name as name from information_schema.columns
          where table_schema = 'public' and data_type = 'bytea' and column_name like '%\\_enc' order by 1`,
      );
      expect(rows.map((r) => r.name)).toEqual(SEALED_COLUMNS.filter((c) => !c.name.includes('.payload.')).map((c) => c.name).sort());
    } finally {
      await client.end();
    }
  });

  it('rotates from key A to key B while the app keeps reading, resumes after a crash, and leaves only key B needed', async () => {
    // 1. New settings: current B, previous A. Everything old still opens; what is new is sealed under B.
    const rotating = await start(keys(B, A));
    expect(await readThroughApp(rotating)).toEqual({ phones: PHONES, token: TOKEN, secret: SECRET });
    const fresh = await rotating.get(NumbersService).register(SYSTEM, tenantId, {
      phoneNumberId: '900100200301',
      displayPhoneNumber: '+39 0973 661006',
      wabaId: '900100200399',
      accessToken: 'token-of-the-second-number',
      appSecret: 'secret-of-the-second-number',
      webhookVerifyToken: 'verify-token-rotonda-2',
    });
    const [freshRow] = await rotating.get(TenantDb).asPlatform('test', (em) =>
      em.query('select access_token_enc from whatsapp_numbers where id = $1', [fresh.id]));
    expect(freshRow.access_token_enc.subarray(1, 5).toString('hex')).toBe(idB);

    // 2. The check counts what still needs A (format 1 included), per column, and changes nothing.
    const before = await sealedValues(rotating);
    const check = output();
    expect(await resealCommand(keys(B, A), ['--check'], check.print)).toBe(EXIT_OLD_KEYS_REMAIN);
    expect(check.text()).toContain(`ENCRYPTION_KEY is key ${idB}; ENCRYPTION_KEY_PREVIOUS: ${idA}`);
    expect(check.text()).toMatch(/whatsapp_numbers\.access_token_enc\s+2 sealed,\s+1 to reseal: 1 under/);
    expect(check.text()).toMatch(/whatsapp_numbers\.app_secret_enc\s+2 sealed,\s+1 to reseal: 1 in format 1/);
    expect(check.text()).toMatch(/subscribers\.phone_enc\s+5 sealed,\s+5 to reseal: 2 in format 1 \(no key id\); 3 under/);
    expect(check.text()).toMatch(/deliveries\.recipient_enc\s+5 sealed,\s+5 to reseal/);
    expect(check.text()).toMatch(/webhook_events\.payload\.newFromSealed\s+1 sealed,\s+1 to reseal/);
    expect(check.text()).toContain('14 values are not yet sealed under ENCRYPTION_KEY: keep ENCRYPTION_KEY_PREVIOUS. Run crypto:reseal.');
    expect(await sealedValues(rotating)).toEqual(before);

    // 3. A run that dies after its first chunks: what it did stays done and is audited as interrupted.
    let chunks = 0;
    await expect(
      rotating.get(ResealSecrets).run({
        batchSize: 2,
        operator: 'test',
        onProgress: () => {
          if (++chunks === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const halfway = await rotating.get(ResealSecrets).check();
    const left = halfway.reduce((n, c) => n + c.total - c.current, 0);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(14);

    // 4. A citizen's row in use by the app is skipped, not waited for, and reported.
    const holder = new Client({ connectionString: env.settings.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      await holder.query(`select 1 from subscribers where phone_hash = $1 for update`, [citizenPhoneCodec(rotating.get(SecretBox), rotating.get(BlindIndex), tenantId).hash(PHONES[4])]);
      const busy = output();
      expect(await resealCommand(keys(B, A), [], busy.print)).toBe(1);
      expect(busy.text()).toMatch(/subscribers\.phone_enc\s+5 sealed,\s+1 to reseal/);
      expect(busy.text()).toContain('Rows in use during the run were left for later: run crypto:reseal again.');
    } finally {
      await holder.query('rollback');
      await holder.end();
    }

    // 5. Run again: the rest moves, with a summary per column.
    const run = output();
    expect(await resealCommand(keys(B, A), ['--batch-size', '3'], run.print)).toBe(0);
    expect(run.text()).toMatch(/subscribers\.phone_enc\s+1 resealed/);
    expect(run.text()).toContain('Every value is sealed under ENCRYPTION_KEY: ENCRYPTION_KEY_PREVIOUS can be removed.');
    await stop(rotating);

    // 6. Only key B now: everything still opens, and every value names B.
    const after = await start(keys(B));
    expect(await readThroughApp(after)).toEqual({ phones: PHONES, token: TOKEN, secret: SECRET });
    const values = await sealedValues(after);
    expect(Object.values(values).flat()).toHaveLength(16);
    for (const hex of Object.values(values).flat()) expect(hex.slice(0, 10)).toBe(`02${idB}`);
    const [event] = await after.get(TenantDb).inTenant(tenantId, (em) => em.query(`select payload from webhook_events where event_key = 'm:wamid.1'`));
    expect(event.payload.newFromSealed).not.toMatch(/\s/);
    expect(event.payload.type).toBe('system');
    expect(citizenPhoneCodec(after.get(SecretBox), after.get(BlindIndex), tenantId).open(Buffer.from(event.payload.newFromSealed, 'base64'))).toBe('+393339999999');
    const checkB = output();
    expect(await resealCommand(keys(B), ['--check'], checkB.print)).toBe(0);
    expect(checkB.text()).toContain('ENCRYPTION_KEY_PREVIOUS can be removed');

    // 7. A second run finds nothing to do and changes no byte.
    const again = output();
    expect(await resealCommand(keys(B), [], again.print)).toBe(0);
    expect(again.text()).toMatch(/deliveries\.recipient_enc\s+0 resealed/);
    expect(await sealedValues(after)).toEqual(values);

    // Every run left an audit entry: key ids and counts, never keys or values.
    const audit: { details: Record<string, any>; scope: string; target_id: string }[] = await after.get(TenantDb).asPlatform('test', (em) =>
      em.query(`select details, scope, target_id from audit_log where action = 'crypto.reseal' order by id`));
    expect(audit.map((a) => a.details.outcome)).toEqual(['interrupted', 'completed', 'completed', 'completed']);
    expect(audit[0].details.error).toBe('killed');
    expect(audit[1].details.remaining['subscribers.phone_enc']).toBe(1);
    const total = (i: number) => Object.values(audit[i].details.resealed as Record<string, number>).reduce((n, v) => n + v, 0);
    expect(total(0) + total(1) + total(2)).toBe(14);
    expect(total(3)).toBe(0);
    expect(audit[2].details).toMatchObject({ keyId: idB, previousKeyIds: [idA], batchSize: 3 });
    expect(audit.every((a) => a.target_id === idB)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(A);
    expect(JSON.stringify(audit)).not.toContain(B);
    expect(JSON.stringify(audit)).not.toContain(PHONES[0]);
    await stop(after);
  });

  it('refuses to start when values are under a key it was not given, and changes nothing', async () => {
    const C = newKey();
    const app = await start(keys(C));
    const before = await sealedValues(app);
    const out = output();
    await expect(resealCommand(keys(C), [], out.print)).rejects.toThrow(
      new RegExp(`key ${idB} .*neither ENCRYPTION_KEY \\(${keyIdOf(Buffer.from(C, 'base64'))}\\) nor in ENCRYPTION_KEY_PREVIOUS.*Nothing was changed`),
    );
    expect(await sealedValues(app)).toEqual(before);
    // The app says the same when it meets such a value.
    await expect(app.get(NumberDirectory).forTenant(tenantId, numberId)).rejects.toThrow(`Sealed under key ${idB}`);
    await stop(app);
  });

  it('leaves a value no configured key opens as it is, and says so', async () => {
    const app = await start(keys(B));
    const lost = sealLegacy(newKey(), '+393331000099', `citizen_phone:${tenantId}`);
    const index = app.get(BlindIndex);
    await app.get(TenantDb).inTenant(tenantId, (em) =>
      em.query(`insert into subscribers (tenant_id, phone_hash, phone_enc, status, state_changed_at) values ($1, $2, $3, 'active', now())`, [
        tenantId,
        citizenPhoneCodec(app.get(SecretBox), index, tenantId).hash('+393331000099'),
        lost,
      ]));
    const out = output();
    expect(await resealCommand(keys(B), [], out.print)).toBe(1);
    expect(out.text()).toMatch(/subscribers\.phone_enc\s+0 resealed, 1 UNREADABLE \(left as they are\)/);
    expect(out.text()).toContain('1 value is not yet sealed under ENCRYPTION_KEY: keep ENCRYPTION_KEY_PREVIOUS. 1 of them open with no configured key');
    const [row] = await app.get(TenantDb).inTenant(tenantId, (em) => em.query(`select phone_enc from subscribers where phone_enc = $1`, [lost]));
    expect(row).toBeDefined();
    const [entry] = await app.get(TenantDb).asPlatform('test', (em) =>
      em.query(`select details from audit_log where action = 'crypto.reseal' order by id desc limit 1`));
    expect(entry.details.unreadable).toEqual({ 'subscribers.phone_enc': 1 });
    await stop(app);
  });
});
