import { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '@bacheca/audit';
import { TenantDb } from '@bacheca/database';
import { StaffService } from '@bacheca/staff';
import { Comune, ComuniService } from '@bacheca/tenancy';
import { DEMO_COMUNI } from './demo/comuni';

const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

export interface DemoLogin {
  who: string;
  email: string;
}

/** Idempotent: what exists already is left as it is. */
export async function seedDemo(app: INestApplicationContext, password: string): Promise<DemoLogin[]> {
  const db = app.get(TenantDb);
  const comuni = app.get(ComuniService);
  const staff = app.get(StaffService);
  const logins: DemoLogin[] = [];

  const accountExists = (email: string) =>
    db.asPlatform('seed.demo', async (em) => (await em.query('select 1 from staff_users where email = $1', [email])).length > 0);

  const providerEmail = 'fornitore@bacheca.local';
  if (!(await accountExists(providerEmail))) {
    await staff.createPlatformAdmin(SYSTEM, { email: providerEmail, fullName: 'Operatore Bacheca', password });
  }
  logins.push({ who: 'Fornitore (platform_admin)', email: providerEmail });

  for (const demo of DEMO_COMUNI) {
    let comune = await db.asPlatform('seed.demo', (em) => em.findOne(Comune, { where: { slug: demo.slug } }));
    comune ??= (await comuni.create(SYSTEM, demo)) as Comune;
    const email = `admin@${demo.slug}.bacheca.local`;
    if (!(await accountExists(email))) {
      await staff.createFirstAdmin(SYSTEM, comune.id, { email, fullName: `Ufficio comunicazione ${demo.name}`, password });
    }
    logins.push({ who: `${demo.name} (admin)`, email });
  }
  return logins;
}
