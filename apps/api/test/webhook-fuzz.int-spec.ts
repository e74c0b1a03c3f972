import { randomBytes } from 'node:crypto';
import { TenantDb } from '@bacheca/database';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { messagesWebhook, userPreferencesWebhook } from '../../sandbox/src/inbound/inbound-payloads';
import { statusObject } from '../../sandbox/src/statuses/status-objects';
import { ApiHarness, makeComune, startApi } from './harness';
import { makeNumber, TestNumber } from './numbers-helper';

/** A small deterministic generator, so a failure can be replayed from its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(300), [], {}, true, [[[]]], { a: { b: { c: {} } } }, '\u0000', '💥'];

function mutate(value: unknown, r: () => number, depth = 0): unknown {
  if (depth > 12) return value;
  if (r() < 0.08) return WEIRD[Math.floor(r() * WEIRD.length)];
  if (Array.isArray(value)) return value.map((v) => mutate(v, r, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (r() > 0.05) out[k] = mutate(v, r, depth + 1);
    return out;
  }
  return value;
}

describe('webhook fuzz', () => {
  let h: ApiHarness;
  let number: TestNumber;

  beforeAll(async () => {
    h = await startApi();
    number = await makeNumber(h, (await makeComune(h)).id);
  });
  afterAll(() => h.close());

  it('thousands of random, mutated and truncated bodies: never a 5xx, never a partial write', async () => {
    const r = rng(20261123);
    const ref = { wabaId: number.wabaId, phoneNumberId: number.phoneNumberId, displayPhoneNumber: number.displayPhoneNumber };
    const statuses: Record<number, number> = {};
    let storedByApi = 0;
    // Every shape the endpoint takes, as the base that is then damaged: messages of each type, statuses
    // (with a failure), a marketing preference, and several updates in one POST.
    const baseOf = (i: number): Record<string, unknown> => {
      const message = messagesWebhook(ref, {
        type: (['text', 'button', 'image', 'location', 'reaction', 'system'] as const)[i % 6],
        fromDigits: `39333${String(i).padStart(7, '0')}`,
        userId: `IT.${i}`,
        profileName: 'Cittadino',
        wamid: `wamid.fuzz.${i}.${randomBytes(4).toString('hex')}`,
        timestamp: new Date(),
        text: 'ATTIVA',
        businessDigits: '39',
        newDigits: '393330000000',
      }) as { entry: { changes: { value: Record<string, unknown[]> }[] }[] };
      const value = message.entry[0].changes[0].value;
      switch (Math.floor(i / 4) % 4) {
        case 1:
          delete value.contacts;
          delete value.messages;
          value.statuses = (['sent', 'delivered', 'read', 'failed'] as const).map((status) =>
            statusObject({ wamid: `wamid.out.${i}`, status, recipientDigits: '393330000001', recipientUserId: 'IT.1', timestamp: new Date(), billing: 'template', bizOpaqueCallbackData: `d:${i}` }),
          );
          return message;
        case 2:
          return userPreferencesWebhook(ref, { fromDigits: `39333${String(i).padStart(7, '0')}`, profileName: 'C', value: i % 2 ? 'stop' : 'resume', timestamp: new Date() });
        case 3:
          value.messages = [value.messages[0], { ...(value.messages[0] as object), id: `wamid.fuzz2.${i}.${randomBytes(4).toString('hex')}` }];
          return message;
        default:
          return message;
      }
    };
    for (let i = 0; i < 3000; i++) {
      const base = baseOf(i);
      let raw: string;
      const mode = i % 4;
      if (mode === 0) raw = toMetaJson(mutate(base, r));
      else if (mode === 1) raw = toMetaJson(base).slice(0, Math.floor(r() * toMetaJson(base).length));
      else if (mode === 2) raw = toMetaJson(WEIRD[Math.floor(r() * WEIRD.length)]);
      else raw = toMetaJson(base);
      // One body in 25 signed with another secret: refused whatever it holds.
      const secret = i % 25 === 7 ? 'not-the-app-secret' : number.appSecret;
      const res = await h
        .http()
        .post('/webhooks/whatsapp')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signPayload(Buffer.from(raw), secret))
        .send(raw);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) throw new Error(`5xx for body #${i}: ${raw.slice(0, 300)}`);
      if (res.status !== 200 && res.body?.code === undefined) throw new Error(`${res.status} without an error code for body #${i}`);
      if (res.status === 200) storedByApi += res.body.stored;
    }
    const [{ n, kinds }] = await h.app
      .get(TenantDb)
      .asPlatform('test', (em) => em.query(`select count(*)::int as n, array_agg(distinct kind order by kind) as kinds from webhook_events`));
    // What the database holds is exactly what the 200 answers said was stored: no row from a refused body.
    expect(n).toBe(storedByApi);
    expect(kinds).toEqual(['message', 'status', 'user_preference']);
    expect(statuses[200]).toBeGreaterThan(700);
    expect(statuses[401]).toBeGreaterThan(30);
    expect((statuses[400] ?? 0) + (statuses[404] ?? 0)).toBeGreaterThan(700);
  }, 180_000);
});
