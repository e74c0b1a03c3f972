import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Actor } from '@bacheca/audit';
import { TemplatesService } from '@bacheca/broadcasts';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { NumbersService } from '@bacheca/numbers';
import { ComuniService } from '@bacheca/tenancy';
import { httpJson } from './common';

/** Comuni and citizens for the benches and the fault suite, made the way the product makes them. */

export const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

export interface BenchComune {
  key: string;
  tenantId: string;
  numberId: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  mps: number;
  subscribers: number;
}

let seq = 0;

/**
 * A live comune with one number (product and sandbox at `mps`) and an approved template, created
 * through the product's own services. `inProduct = false` registers the number in the sandbox only;
 * `sandboxUrl = null`, in the product only.
 */
export async function onboardComune(
  app: INestApplicationContext,
  sandboxUrl: string | null,
  key: string,
  mps: number,
  callbackUrl: string,
  inProduct = true,
): Promise<BenchComune> {
  seq += 1;
  // Distinct per process too, so two runs on one sandbox never share a number.
  const n = seq + (process.pid % 10_000) * 1000;
  const phoneNumberId = String(910_000_000_000_000 + n);
  const accessToken = `bench-${randomBytes(24).toString('base64url')}`;
  const appSecret = randomBytes(24).toString('base64url');
  const displayPhoneNumber = `+39 02 ${String(7_000_000 + seq)}`;
  let tenantId = '';
  let numberId = '';
  if (inProduct) {
    const comune = await app.get(ComuniService).create(SYSTEM, {
      slug: `bench-${key}`,
      name: `Comune di prova ${key}`,
      istatCode: String(900_000 + seq),
      province: 'MI',
      status: 'active',
    });
    tenantId = comune.id;
    const number = await app.get(NumbersService).register(SYSTEM, tenantId, {
      phoneNumberId,
      displayPhoneNumber,
      wabaId: String(920_000_000_000_000 + n),
      accessToken,
      appSecret,
      webhookVerifyToken: randomBytes(16).toString('base64url'),
      mps: Math.min(mps, 1000),
      messagingLimitTier: 'TIER_UNLIMITED',
    });
    numberId = number.id;
    await app.get(TemplatesService).register(SYSTEM, tenantId, {
      whatsappNumberId: numberId,
      name: 'bacheca_avviso',
      language: 'it',
      category: 'UTILITY',
      body: `Comune di prova ${key} informa: {{1}}`,
      unsubscribeButton: true,
      status: 'APPROVED',
    });
  }
  if (sandboxUrl) await httpJson('POST', `${sandboxUrl}/_sandbox/numbers`, {
    phoneNumberId,
    displayPhoneNumber,
    wabaId: String(920_000_000_000_000 + n),
    accessToken,
    appSecret,
    callbackUrl,
    mps,
    label: `bench ${key}`,
  });
  return { key, tenantId, numberId, phoneNumberId, accessToken, appSecret, mps, subscribers: 0 };
}

/**
 * Active subscribers who wrote within the last 24 hours (last_inbound_at = now()), so every
 * bulletin goes as free text. Numbers sealed and hashed as the product does; set-based inserts of
 * 10,000 at a time. `phoneOf` gives the i-th new citizen's number.
 */
export async function seedSubscribers(
  pg: Pool,
  keys: { box: SecretBox; index: BlindIndex },
  c: BenchComune,
  count: number,
  nextPhone: () => string,
): Promise<string[]> {
  const codec = citizenPhoneCodec(keys.box, keys.index, c.tenantId);
  const phones: string[] = [];
  for (let done = 0; done < count; ) {
    const n = Math.min(10_000, count - done);
    const hashes: Buffer[] = [];
    const sealed: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      const phone = nextPhone();
      phones.push(phone);
      hashes.push(codec.hash(phone));
      sealed.push(codec.seal(phone));
    }
    await pg.query(
      `insert into subscribers (tenant_id, phone_hash, phone_enc, status, subscribed_at, state_changed_at, last_inbound_at)
       select $1::uuid, h, e, 'active', now(), now(), now() from unnest($2::bytea[], $3::bytea[]) as t(h, e)`,
      [c.tenantId, hashes, sealed],
    );
    done += n;
  }
  c.subscribers += count;
  return phones;
}
