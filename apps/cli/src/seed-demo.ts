import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Actor } from '@bacheca/audit';
import { TenantDb } from '@bacheca/database';
import { NumberDirectory, NumbersService } from '@bacheca/numbers';
import { StaffService } from '@bacheca/staff';
import { SendingRulesService, TemplatesService } from '@bacheca/broadcasts';
import { PrivacyNoticesService, ServiceSettingsService } from '@bacheca/subscriptions';
import { Comune, ComuniService } from '@bacheca/tenancy';
import { DEMO_COMUNI, DemoComune } from './demo/comuni';

const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

export interface DemoLogin {
  who: string;
  email: string;
}

export interface SeedOptions {
  password: string;
  /** When given, every demo number is (re)registered there, pointing its webhooks at `callbackUrl`. */
  sandbox?: { url: string; callbackUrl: string };
}

/** Idempotent: what exists already is left as it is; the sandbox, which forgets on restart, is told again. */
export async function seedDemo(app: INestApplicationContext, opts: SeedOptions): Promise<DemoLogin[]> {
  const db = app.get(TenantDb);
  const staff = app.get(StaffService);
  const logins: DemoLogin[] = [];

  const accountExists = (email: string) =>
    db.asPlatform('seed.demo', async (em) => (await em.query('select 1 from staff_users where email = $1', [email])).length > 0);

  const providerEmail = 'fornitore@bacheca.local';
  if (!(await accountExists(providerEmail))) {
    await staff.createPlatformAdmin(SYSTEM, { email: providerEmail, fullName: 'Operatore Bacheca', password: opts.password });
  }
  logins.push({ who: 'Fornitore (platform_admin)', email: providerEmail });

  for (const demo of DEMO_COMUNI) {
    const comuneId = await onboard(app, demo);
    const email = `admin@${demo.slug}.bacheca.local`;
    if (!(await accountExists(email))) {
      await staff.createFirstAdmin(SYSTEM, comuneId, { email, fullName: `Ufficio comunicazione ${demo.name}`, password: opts.password });
    }
    logins.push({ who: `${demo.name} (admin)`, email });
    if (opts.sandbox) await registerInSandbox(app, comuneId, demo, opts.sandbox);
  }
  return logins;
}

async function onboard(app: INestApplicationContext, demo: DemoComune): Promise<string> {
  const db = app.get(TenantDb);
  const { whatsapp, service, sending, privacy, ...fields } = demo;
  const existing = await db.asPlatform('seed.demo', (em) => em.findOne(Comune, { where: { slug: demo.slug } }));
  if (existing) return existing.id;
  const comune = await app.get(ComuniService).create(SYSTEM, fields);
  // Reading the settings creates them from the town's keyword preset.
  await app.get(ServiceSettingsService).update(SYSTEM, comune.id, service);
  await app.get(PrivacyNoticesService).publish(SYSTEM, comune.id, { ...privacy, effectiveFrom: new Date('2020-01-01T00:00:00Z') });
  if (sending) await app.get(SendingRulesService).update(SYSTEM, comune.id, sending);
  const number = await app.get(NumbersService).register(SYSTEM, comune.id, {
    ...whatsapp,
    accessToken: `demo-${randomBytes(24).toString('base64url')}`,
    appSecret: randomBytes(24).toString('base64url'),
    webhookVerifyToken: randomBytes(16).toString('base64url'),
    mps: 80,
    // Established services with thousands of subscribers; a new comune starts at TIER_250.
    messagingLimitTier: 'TIER_UNLIMITED',
  });
  // The bulletin template every comune submits to Meta; in the demo, already approved.
  await app.get(TemplatesService).register(SYSTEM, comune.id, {
    whatsappNumberId: number.id,
    name: 'bacheca_avviso',
    language: 'it',
    category: 'UTILITY',
    body: `Comune di ${demo.name} informa: {{1}}`,
    unsubscribeButton: true,
    status: 'APPROVED',
  });
  return comune.id;
}

async function registerInSandbox(app: INestApplicationContext, comuneId: string, demo: DemoComune, sandbox: { url: string; callbackUrl: string }) {
  const number = await app.get(NumberDirectory)
    .forTenant(comuneId)
    .catch(() => {
      throw new Error(
        'The demo data in this database was sealed with another ENCRYPTION_KEY (an older .env). ' +
          'Restore that .env, or start afresh with: dropdb -h 127.0.0.1 -U postgres bacheca',
      );
    });
  if (!number) return;
  const res = await fetch(`${sandbox.url}/_sandbox/numbers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      phoneNumberId: number.phoneNumberId,
      displayPhoneNumber: number.displayPhoneNumber,
      wabaId: demo.whatsapp.wabaId,
      accessToken: number.accessToken,
      appSecret: number.appSecret,
      callbackUrl: sandbox.callbackUrl,
      mps: number.mps,
      label: `Comune di ${demo.name}`,
    }),
  });
  if (!res.ok) throw new Error(`sandbox refused number of ${demo.name}: ${res.status} ${await res.text()}`);
}
